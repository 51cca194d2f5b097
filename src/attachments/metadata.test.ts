/**
 * No metadata survives an upload: each fixture is a synthetic file carrying one kind of metadata with a
 * planted string, and the cleaned file must hold none of the planted strings anywhere in its bytes (for
 * a PDF, also in every decoded stream and string) while still decoding to the same picture or pages.
 */
import { crc32 } from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  StandardFonts,
  type PDFObject,
} from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cleanUploads } from './index.ts';
import { jpegWithoutMetadata } from './rewrite.ts';

const WIDTH = 32;
const HEIGHT = 24;
const RED = { r: 200, g: 30, b: 40 };

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** A JPEG marker segment: marker, length (which counts itself), payload. */
const segment = (marker: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([0xff, marker]), u16(payload.length + 2), payload]);

/** Segments put right after the start-of-image marker, where metadata usually sits. */
const jpegWith = (jpeg: Buffer, ...segments: Buffer[]) =>
  Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);

/** EXIF (big-endian TIFF) with the given 16-bit entries of IFD0, and an ASCII value after them. */
function exif(entries: [tag: number, value: number][], trailing = ''): Buffer {
  const ifd = Buffer.concat([
    u16(entries.length),
    ...entries.map(([tag, value]) => Buffer.concat([u16(tag), u16(3), u32(1), u16(value), u16(0)])),
    u32(0),
  ]);
  return Buffer.concat([latin1('Exif\0\0MM\0*'), u32(8), ifd, latin1(trailing)]);
}

/** An IPTC-IIM by-line (2:80) inside a Photoshop image resource block, as APP13 carries it. */
function iptcByline(name: string): Buffer {
  const iim = Buffer.concat([Buffer.from([0x1c, 0x02, 0x50]), u16(name.length), latin1(name)]);
  const padded = iim.length % 2 ? Buffer.concat([iim, Buffer.alloc(1)]) : iim;
  return Buffer.concat([
    latin1('Photoshop 3.0\0'),
    latin1('8BIM'),
    u16(0x0404),
    Buffer.from([0, 0]),
    u32(iim.length),
    padded,
  ]);
}

/** Extended XMP: the main packet points by GUID to a second packet split over APP1 segments of its own. */
function extendedXmp(gps: string): Buffer[] {
  const guid = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
  const main = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="${guid}"/></rdf:RDF></x:xmpmeta>`;
  const extension = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="${gps}" exif:GPSLongitude="0,27.0917W"/></rdf:RDF></x:xmpmeta>`;
  const half = Math.floor(extension.length / 2);
  const part = (offset: number, text: string) =>
    segment(
      0xe1,
      Buffer.concat([
        latin1('http://ns.adobe.com/xmp/extension/\0'),
        latin1(guid),
        u32(extension.length),
        u32(offset),
        latin1(text),
      ]),
    );
  return [
    segment(0xe1, Buffer.concat([latin1('http://ns.adobe.com/xap/1.0/\0'), latin1(main)])),
    part(0, extension.slice(0, half)),
    part(half, extension.slice(half)),
  ];
}

const redImage = () => sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: RED } });

/** The picture decodes, at the expected size, and is still the red it was. */
async function expectRed(data: Buffer, width = WIDTH, height = HEIGHT) {
  const { data: pixels, info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([width, height]);
  const at = (Math.floor(height / 2) * width + Math.floor(width / 2)) * info.channels;
  expect(Math.abs(pixels[at]! - RED.r)).toBeLessThan(12);
  expect(Math.abs(pixels[at + 1]! - RED.g)).toBeLessThan(12);
  expect(Math.abs(pixels[at + 2]! - RED.b)).toBeLessThan(12);
}

async function clean(filename: string, data: Buffer): Promise<Buffer> {
  const [file] = await cleanUploads([{ filename, data }], { anonymous: true });
  return file!.data;
}

describe('images are written afresh, with none of their metadata', async () => {
  const jpeg = await redImage().jpeg({ quality: 95 }).toBuffer();
  const withFfE1 = Buffer.concat([latin1('Shot by '), Buffer.from([0xff, 0xe1]), latin1('SECRET-FFE1')]);
  const cases: { kind: string; planted: string[]; data: Buffer }[] = [
    {
      kind: 'a JPEG comment (COM)',
      planted: ['SECRET-COMMENT Jo Bloggs'],
      data: jpegWith(jpeg, segment(0xfe, latin1('SECRET-COMMENT Jo Bloggs'))),
    },
    {
      // exif-be-gone read the FF E1 inside the comment as the start of EXIF and gave the file back as it was.
      kind: 'a JPEG comment holding the bytes FF E1',
      planted: ['SECRET-FFE1', 'SECRET-EXIF-AFTER'],
      data: jpegWith(jpeg, segment(0xfe, withFfE1), segment(0xe1, exif([[0x0112, 1]], 'SECRET-EXIF-AFTER'))),
    },
    {
      kind: 'an IPTC by-line (APP13)',
      planted: ['SECRET-BYLINE Jo Bloggs'],
      data: jpegWith(jpeg, segment(0xed, iptcByline('SECRET-BYLINE Jo Bloggs'))),
    },
    {
      kind: 'extended XMP with a GPS position',
      planted: ['51,28.4729N', 'xmp/extension'],
      data: jpegWith(jpeg, ...extendedXmp('51,28.4729N')),
    },
    {
      kind: 'EXIF with a GPS note, and an ICC profile',
      planted: ['SECRET-GPS 51.47N', 'SECRET-ICC'],
      data: jpegWith(
        jpeg,
        segment(0xe1, exif([[0x0112, 1]], 'SECRET-GPS 51.47N')),
        segment(0xe2, latin1('ICC_PROFILE\0\x01\x01SECRET-ICC')),
      ),
    },
    {
      kind: 'data after the end of the image',
      planted: ['SECRET-TRAILER'],
      data: Buffer.concat([jpeg, latin1('SECRET-TRAILER')]),
    },
  ];

  it.each(cases)('JPEG with $kind', async ({ planted, data }) => {
    for (const p of planted) expect(data.toString('latin1')).toContain(p); // the fixture carries it
    await expectRed(data); // and is a valid image to begin with
    const out = await clean('photo.jpg', data);
    expect(out.equals(data)).toBe(false);
    for (const p of planted) expect(out.toString('latin1')).not.toContain(p);
    expect(out.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const meta = await sharp(out).metadata();
    expect([meta.exif, meta.iptc, meta.xmp, meta.icc, meta.comments]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    await expectRed(out);
  });

  it('turns a JPEG upright by its EXIF orientation before the orientation is dropped', async () => {
    const rotated = jpegWith(jpeg, segment(0xe1, exif([[0x0112, 6]]))); // 6: rotate 90° clockwise to view
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const out = await clean('photo.jpg', rotated);
    await expectRed(out, HEIGHT, WIDTH);
    expect((await sharp(out).metadata()).orientation).toBeUndefined();
  });

  it('PNG with text, international text, XMP and EXIF chunks', async () => {
    const png = await redImage().png().toBuffer();
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([latin1(type), data]);
      return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
    };
    const iend = png.length - 12;
    const tagged = Buffer.concat([
      png.subarray(0, iend),
      chunk('tEXt', latin1('Author\0SECRET-PNG-AUTHOR')),
      chunk('iTXt', latin1('XML:com.adobe.xmp\0\0\0\0\0<dc:creator>SECRET-PNG-XMP</dc:creator>')),
      chunk('eXIf', exif([[0x0112, 1]], 'SECRET-PNG-EXIF').subarray(6)),
      png.subarray(iend),
    ]);
    const planted = ['SECRET-PNG-AUTHOR', 'SECRET-PNG-XMP', 'SECRET-PNG-EXIF'];
    for (const p of planted) expect(tagged.toString('latin1')).toContain(p);
    await expectRed(tagged);
    const out = await clean('shot.png', tagged);
    for (const p of planted) expect(out.toString('latin1')).not.toContain(p);
    for (const type of ['tEXt', 'iTXt', 'zTXt', 'eXIf']) expect(out.toString('latin1')).not.toContain(type);
    await expectRed(out);
  });
});

/** Everything a PDF holds as text: its bytes, every stream decoded, and every string decoded. */
async function everythingIn(pdf: Buffer): Promise<string> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const parts = [pdf.toString('latin1')];
  const visit = (o: PDFObject | undefined) => {
    if (o instanceof PDFString || o instanceof PDFHexString) parts.push(o.decodeText());
    else if (o instanceof PDFDict) for (const v of o.values()) visit(v);
    else if (o instanceof PDFArray) for (const v of o.asArray()) visit(v);
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    visit(object instanceof PDFRawStream ? object.dict : object);
    if (object instanceof PDFRawStream) {
      parts.push(Buffer.from(object.contents).toString('latin1'));
      try {
        parts.push(Buffer.from(decodePDFRawStream(object).decode()).toString('latin1'));
      } catch {
        // a filter pdf-lib does not decode (DCTDecode): its raw bytes are above
      }
    }
  }
  return parts.join('\n');
}

/** A one-page PDF that draws a line of text; `decorate` adds metadata before it is saved. */
async function pdfWith(decorate: (doc: PDFDocument) => void | Promise<void>): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([300, 200]);
  page.drawText('Parcel handed over at visits', {
    x: 20,
    y: 100,
    size: 12,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  await decorate(doc);
  // Without object streams, so the planted strings are plain to see in the fixture itself.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Appends an incremental update that gives the document new information, as an editor saving would. */
function incrementalUpdate(pdf: Buffer, info: string, objectNumber: number, root: string): Buffer {
  const previous = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.toString('latin1'))![1]);
  const object = `${objectNumber} 0 obj\n<< ${info} >>\nendobj\n`;
  const objectAt = pdf.length + 1;
  const xrefAt = objectAt + object.length;
  const update =
    `\n${object}xref\n0 1\n0000000000 65535 f \n${objectNumber} 1\n${String(objectAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${objectNumber + 1} /Root ${root} /Info ${objectNumber} 0 R /Prev ${previous} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, latin1(update)]);
}

async function expectSamePages(original: Buffer, cleaned: Buffer) {
  const [a, b] = await Promise.all([PDFDocument.load(original), PDFDocument.load(cleaned)]);
  expect(b.getPageCount()).toBe(a.getPageCount());
  expect(b.getPage(0).getSize()).toEqual(a.getPage(0).getSize());
  // What the first page draws: its content streams, decoded.
  const content = (doc: PDFDocument) => {
    const contents = doc.getPage(0).node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
    return streams
      .map((s) => doc.context.lookup(s) as PDFRawStream)
      .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
      .join('\n');
  };
  expect(content(b)).toBe(content(a));
  expect(content(b)).toContain('Tj'); // it draws text
}

describe('PDFs are rebuilt from their pages, with none of their metadata', () => {
  it('XMP dc:creator in the document’s metadata stream', async () => {
    const pdf = await pdfWith((doc) => {
      const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>SECRET-XMP-CREATOR</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
      const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
      doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
    });
    expect(await everythingIn(pdf)).toContain('SECRET-XMP-CREATOR');
    const out = await clean('statement.pdf', pdf);
    expect(await everythingIn(out)).not.toContain('SECRET-XMP-CREATOR');
    await expectSamePages(pdf, out);
  });

  it('an earlier revision’s Author, after an incremental update replaced it', async () => {
    const original = await pdfWith((doc) => {
      doc.context.trailerInfo.Info = doc.context.register(
        doc.context.obj({
          Author: PDFString.of('SECRET-OLD-AUTHOR'),
          Title: PDFString.of('SECRET-OLD-TITLE'),
        }),
      );
    });
    const loaded = await PDFDocument.load(original, { updateMetadata: false });
    const updated = incrementalUpdate(
      original,
      '/Author (Anonymous)',
      loaded.context.largestObjectNumber + 1,
      loaded.context.trailerInfo.Root!.toString(),
    );
    // A reader sees only the update; the earlier revision is still in the file.
    expect((await PDFDocument.load(updated, { updateMetadata: false })).getAuthor()).toBe('Anonymous');
    expect(updated.toString('latin1')).toContain('SECRET-OLD-AUTHOR');
    const out = await clean('statement.pdf', updated);
    const text = await everythingIn(out);
    for (const p of ['SECRET-OLD-AUTHOR', 'SECRET-OLD-TITLE', 'Anonymous']) expect(text).not.toContain(p);
    const cleaned = await PDFDocument.load(out, { updateMetadata: false });
    expect([cleaned.getAuthor(), cleaned.getTitle(), cleaned.getProducer(), cleaned.getCreator()]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    await expectSamePages(updated, out);
  });

  it('document properties, page XMP, comment authors and an embedded photo’s EXIF', async () => {
    const photo = jpegWith(
      await redImage().jpeg().toBuffer(),
      segment(0xe1, exif([[0x0112, 1]], 'SECRET-PHOTO-GPS 51.47N')),
      segment(0xfe, latin1('SECRET-PHOTO-COMMENT')),
    );
    const pdf = await pdfWith(async (doc) => {
      doc.setAuthor('SECRET-INFO-AUTHOR');
      doc.setProducer('SECRET-PRODUCER');
      const page = doc.getPage(0);
      page.drawImage(await doc.embedJpg(new Uint8Array(photo)), { x: 200, y: 20, width: 32, height: 24 });
      const pageXmp = doc.context.stream('<dc:creator>SECRET-PAGE-XMP</dc:creator>', {
        Type: 'Metadata',
        Subtype: 'XML',
      });
      page.node.set(PDFName.of('Metadata'), doc.context.register(pageXmp));
      page.node.set(
        PDFName.of('PieceInfo'),
        doc.context.obj({ Editor: { Private: PDFString.of('SECRET-PIECE') } }),
      );
      const note = doc.context.register(
        doc.context.obj({
          Type: 'Annot',
          Subtype: 'Text',
          Rect: [10, 10, 30, 30],
          Contents: PDFString.of('see the visits log'),
          T: PDFString.of('SECRET-ANNOTATOR'),
        }),
      );
      page.node.set(PDFName.of('Annots'), doc.context.obj([note]));
    });
    const planted = [
      'SECRET-INFO-AUTHOR',
      'SECRET-PRODUCER',
      'SECRET-PAGE-XMP',
      'SECRET-PIECE',
      'SECRET-ANNOTATOR',
      'SECRET-PHOTO-GPS',
      'SECRET-PHOTO-COMMENT',
    ];
    const before = await everythingIn(pdf);
    for (const p of planted) expect(before).toContain(p);
    const out = await clean('statement.pdf', pdf);
    const after = await everythingIn(out);
    for (const p of planted) expect(after).not.toContain(p);
    expect(after).toContain('see the visits log'); // what the comment says is content, and stays
    await expectSamePages(pdf, out);
    // The photo is still there and still decodes.
    const cleaned = await PDFDocument.load(out);
    const images = cleaned.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFRawStream => o instanceof PDFRawStream)
      .filter((o) => o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
    expect(images).toHaveLength(1);
    await expectRed(Buffer.from(images[0]!.contents));
  });

  it('refuses a PDF with no pages or that cannot be read, naming the file', async () => {
    const empty = Buffer.from(await (await PDFDocument.create()).save({ addDefaultPage: false }));
    await expect(clean('empty.pdf', empty)).rejects.toThrow('empty.pdf has no pages');
    await expect(clean('broken.pdf', latin1('%PDF-1.7\nnot really'))).rejects.toThrow(/^broken\.pdf /);
  });
});

describe('jpegWithoutMetadata', () => {
  it('walks segments by their lengths, so marker bytes inside a segment are not taken for markers', async () => {
    const jpeg = await redImage().jpeg().toBuffer();
    const tagged = jpegWith(
      jpeg,
      segment(0xfe, Buffer.concat([Buffer.from([0xff, 0xe1, 0x00, 0x04]), latin1('SECRET')])),
      segment(0xe1, exif([[0x0112, 1]], 'SECRET-EXIF')),
    );
    const out = Buffer.from(jpegWithoutMetadata(tagged)!);
    expect(out.toString('latin1')).not.toContain('SECRET');
    expect(out.equals(jpeg)).toBe(true); // sharp's own JPEG has only JFIF and image segments
    expect(jpegWithoutMetadata(latin1('not a jpeg'))).toBeUndefined();
    expect(jpegWithoutMetadata(tagged.subarray(0, 30))).toBeUndefined();
  });
});
