/**
 * Metadata is removed by writing a fresh file from the content, never by cutting bytes out of the
 * uploaded one: a byte-level stripper has to recognise every place metadata can hide (comments, IPTC,
 * extended XMP, earlier PDF revisions, …) and misses the ones it does not know, while a fresh file holds
 * only what the encoder writes.
 *
 * - Images (JPEG, PNG) are decoded to pixels and encoded again (sharp, libvips), turned upright first
 *   by their EXIF orientation, since the orientation goes with the rest of the EXIF.
 * - PDFs are rebuilt: their pages are copied into a new, empty document (pdf-lib), so only what the
 *   pages draw comes along; the document information, XMP, outline, attachments, scripts and every
 *   earlier revision stay behind. Metadata streams and private data on the pages themselves are dropped,
 *   comment authors are removed, and photos embedded as JPEG lose their EXIF, XMP, IPTC and comments.
 */
import sharp from 'sharp';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFObject,
} from 'pdf-lib';

export class RewriteError extends Error {}

/** Larger images are refused rather than decoded: a small file can expand to gigabytes of pixels. */
export const MAX_IMAGE_PIXELS = 60_000_000;

/** A JPEG or PNG decoded and written afresh in the same format, upright, with no metadata at all. */
export async function rewriteImage(data: Buffer, format: 'jpeg' | 'png'): Promise<Buffer> {
  // A damaged image (cut short, a bad checksum) keeps what decodes of it, as a browser would show it,
  // rather than being refused: a reporter may have no other copy. A file that does not decode at all is
  // refused by the caller.
  const image = sharp(data, { failOn: 'none', limitInputPixels: MAX_IMAGE_PIXELS, autoOrient: true });
  // sharp writes no metadata unless asked to keep it (withMetadata / keepExif / keepIccProfile…).
  return format === 'jpeg'
    ? image.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer()
    : image.png({ compressionLevel: 9 }).toBuffer();
}

// Keys of page-level and object-level dictionaries that carry metadata or application data rather than
// what is drawn: XMP streams, page-piece dictionaries (the producing application's private data),
// thumbnails.
const DROPPED_KEYS = ['Metadata', 'PieceInfo', 'Thumb', 'LastModified'].map((k) => PDFName.of(k));
// Keys of annotations that name or date their author.
const ANNOTATION_AUTHOR_KEYS = ['T', 'M', 'CreationDate'].map((k) => PDFName.of(k));

function cleanDict(dict: PDFDict, seen: Set<PDFObject>): void {
  if (seen.has(dict)) return;
  seen.add(dict);
  for (const key of DROPPED_KEYS) dict.delete(key);
  const subtype = dict.get(PDFName.of('Subtype'));
  if (dict.has(PDFName.of('Rect')) && subtype instanceof PDFName && subtype !== PDFName.of('Widget'))
    for (const key of ANNOTATION_AUTHOR_KEYS) dict.delete(key);
  for (const value of dict.values()) cleanDirect(value, seen);
}

/** Cleans direct objects nested in an object; indirect ones are cleaned on their own. */
function cleanDirect(value: PDFObject, seen: Set<PDFObject>): void {
  if (value instanceof PDFRef) return;
  if (value instanceof PDFDict) cleanDict(value, seen);
  else if (value instanceof PDFArray) for (const v of value.asArray()) cleanDirect(v, seen);
}

/**
 * A JPEG stream with only the segments needed to draw it: APP1–APP13 and APP15 (EXIF, XMP, ICC, IPTC,
 * maker data) and comments are left out, JFIF's APP0 and Adobe's APP14 (which says how to read its
 * colours) are kept. Segments are walked by their lengths up to the start of the scan, so bytes inside a
 * segment are never read as markers. Undefined when it is not a JPEG this can walk.
 */
export function jpegWithoutMetadata(jpeg: Uint8Array): Uint8Array | undefined {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  const kept: Uint8Array[] = [jpeg.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= jpeg.length) {
    if (jpeg[i] !== 0xff) return undefined;
    const marker = jpeg[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xda) {
      kept.push(jpeg.subarray(i)); // start of scan: the entropy-coded data and the rest
      return Buffer.concat(kept);
    }
    const length = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    if (length < 2 || i + 2 + length > jpeg.length) return undefined;
    const segment = jpeg.subarray(i, i + 2 + length);
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const jfif = marker === 0xe0 && Buffer.from(segment.subarray(4, 9)).toString('latin1') === 'JFIF\0';
    if (!(isApp && !(jfif || marker === 0xee)) && marker !== 0xfe) kept.push(segment);
    i += 2 + length;
  }
  return undefined;
}

/** Embedded photos (DCTDecode images) keep their pixels and lose their metadata segments. */
function cleanEmbeddedJpeg(stream: PDFStream): PDFRawStream | undefined {
  if (!(stream instanceof PDFRawStream)) return undefined;
  const filter = stream.dict.get(PDFName.of('Filter'));
  const dct =
    filter === PDFName.of('DCTDecode') ||
    (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === PDFName.of('DCTDecode'));
  if (!dct) return undefined;
  const clean = jpegWithoutMetadata(stream.contents);
  if (!clean || clean.length === stream.contents.length) return undefined;
  const dict = stream.dict.clone();
  dict.set(PDFName.of('Length'), dict.context.obj(clean.length));
  return PDFRawStream.of(dict, clean);
}

/** A new PDF drawn from the pages of this one, with no metadata of its own. */
export async function rewritePdf(data: Buffer): Promise<Buffer> {
  let source: PDFDocument;
  try {
    source = await PDFDocument.load(data, { updateMetadata: false });
  } catch {
    throw new RewriteError('is not a PDF that can be read');
  }
  // Cleaned in the source, before copying: the copy takes what the pages refer to, so what is no
  // longer referred to is not copied at all.
  const seen = new Set<PDFObject>();
  for (const [ref, object] of source.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict) cleanDict(object, seen);
    else if (object instanceof PDFStream) {
      cleanDict(object.dict, seen);
      const photo = cleanEmbeddedJpeg(object);
      if (photo) source.context.assign(ref, photo);
    }
  }
  const fresh = await PDFDocument.create({ updateMetadata: false });
  const pages = await fresh.copyPages(source, source.getPageIndices());
  if (pages.length === 0) throw new RewriteError('has no pages');
  for (const page of pages) fresh.addPage(page);
  return Buffer.from(await fresh.save({ updateFieldAppearances: false }));
}
