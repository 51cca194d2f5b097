import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { AttachmentError, cleanUploads, MAX_BYTES } from './index.ts';

// A 1x1 JPEG, with an EXIF segment inserted after the start-of-image marker.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
function withExif(jpeg: Buffer, secret: string): Buffer {
  const payload = Buffer.concat([
    Buffer.from('Exif\0\0', 'latin1'),
    Buffer.from(`MM\0*\0\0\0\x08${secret}`, 'latin1'),
  ]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length + 2);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), len, payload, jpeg.subarray(2)]);
}

function pngWithText(secret: string): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Author\0${secret}`, 'latin1')),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0, 0, 0, 2, 0, 1])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('cleanUploads', () => {
  it('strips EXIF from a JPEG and text chunks from a PNG, keeping the images', async () => {
    const [jpeg, png] = await cleanUploads(
      [
        { filename: 'IMG_0001 Jo Bloggs.jpeg', data: withExif(JPEG, 'GPS 51.5N SECRET-CAMERA') },
        { filename: 'shot.png', data: pngWithText('SECRET-AUTHOR') },
      ],
      { anonymous: false },
    );
    expect(withExif(JPEG, 'GPS 51.5N SECRET-CAMERA').toString('latin1')).toContain('SECRET-CAMERA');
    expect(jpeg!.data.toString('latin1')).not.toContain('SECRET-CAMERA');
    expect(jpeg!.data.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(jpeg!.filename).toBe('IMG_0001 Jo Bloggs.jpg');
    expect(png!.data.toString('latin1')).not.toContain('SECRET-AUTHOR');
    expect(png!.data.toString('latin1')).toContain('IDAT');
  });

  it('removes a PDF’s document properties, and names anonymous files generically', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.setAuthor('SECRET-AUTHOR');
    doc.setTitle('SECRET-TITLE');
    const original = Buffer.from(await doc.save({ useObjectStreams: false }));
    expect((await PDFDocument.load(original)).getAuthor()).toBe('SECRET-AUTHOR');
    const [pdf] = await cleanUploads([{ filename: 'my statement.pdf', data: original }], { anonymous: true });
    const cleaned = await PDFDocument.load(pdf!.data, { updateMetadata: false });
    expect(cleaned.getAuthor()).toBeUndefined();
    expect(cleaned.getTitle()).toBeUndefined();
    expect(cleaned.getProducer()).toBeUndefined();
    expect(cleaned.getPageCount()).toBe(1);
    expect(pdf!.filename).toBe('attachment-1.pdf');
  });

  it('refuses other types, oversized and too many files, naming the file', async () => {
    await expect(
      cleanUploads([{ filename: 'run.exe', data: Buffer.from([0x4d, 0x5a, 0, 0, 1]) }], { anonymous: false }),
    ).rejects.toThrow('run.exe is not a JPEG or PNG image, a PDF or a plain text file');
    await expect(
      cleanUploads([{ filename: 'big.txt', data: Buffer.alloc(MAX_BYTES + 1, 'a') }], { anonymous: false }),
    ).rejects.toThrow('big.txt is larger than 5 MB');
    const note = { filename: 'n.txt', data: Buffer.from('note') };
    await expect(cleanUploads([note, note, note, note], { anonymous: false })).rejects.toThrow(
      AttachmentError,
    );
  });
});
