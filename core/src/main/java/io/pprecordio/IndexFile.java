package io.pprecordio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The bytes of a record index file ({@code FILE.ppidx}, FORMAT.md section 10): encoding, and
 * decoding with every structural check, so that a damaged index is refused here and nothing else
 * has to distrust its fields.
 */
final class IndexFile {
  /** "PPIX" in ASCII. */
  static final int MAGIC = 0x50504958;
  static final int VERSION = 1;
  static final int HEADER_SIZE = 56;
  static final int ENTRY_SIZE = 20;
  static final int TRAILER_SIZE = 4;
  static final int FLAG_DAMAGED = 1;
  static final int FLAG_TORN_TAIL = 2;
  static final int KNOWN_FLAGS = FLAG_DAMAGED | FLAG_TORN_TAIL;
  /** The last-frame offset of an index with no entries. */
  static final long NO_FRAME = -1L;
  /** An index is read into one array: about 107 million records. */
  static final long MAX_ENTRIES =
      (Integer.MAX_VALUE - 8 - HEADER_SIZE - TRAILER_SIZE) / ENTRY_SIZE;

  private IndexFile() {}

  /** The index file of a data file: its name plus {@code .ppidx}. */
  static Path pathOf(Path data) {
    return data.resolveSibling(data.getFileName() + ".ppidx");
  }

  /** The decoded contents of an index file. */
  record Contents(long dataLength, int flags, long corruptRegions, long skippedBytes,
      IndexEntries entries) {}

  static byte[] encode(Contents c) {
    IndexEntries e = c.entries();
    int n = e.size();
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + n * ENTRY_SIZE + TRAILER_SIZE);
    b.putInt(MAGIC).putInt(VERSION).putLong(c.dataLength()).putLong(n);
    if (n == 0) {
      b.putLong(NO_FRAME).putInt(0);
    } else {
      b.putLong(e.offset(n - 1)).putInt(e.fingerprint(n - 1));
    }
    b.putInt(c.flags()).putLong(c.corruptRegions()).putLong(c.skippedBytes());
    for (int i = 0; i < n; i++) {
      b.putLong(e.offset(i)).putInt((int) e.frameLength(i)).putInt(e.indexInBlock(i))
          .putInt(e.fingerprint(i));
    }
    b.putInt(crc(b.array(), b.position()));
    return b.array();
  }

  /**
   * Decodes and checks an index file's bytes.
   *
   * @param name the index file's name, for errors
   * @throws IOException naming the index file, in one line, if anything is inconsistent
   */
  static Contents decode(byte[] bytes, String name) throws IOException {
    if (bytes.length < HEADER_SIZE + TRAILER_SIZE) {
      throw damaged(name, "it has " + bytes.length + " bytes, fewer than an empty index");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.getInt(0) != MAGIC) {
      throw damaged(name, "no PPIX magic number at offset 0");
    }
    int stored = b.getInt(bytes.length - TRAILER_SIZE);
    int actual = crc(bytes, bytes.length - TRAILER_SIZE);
    if (stored != actual) {
      throw damaged(name, String.format("checksum mismatch (stored 0x%08x, computed 0x%08x)",
          stored, actual));
    }
    int version = b.getInt(4);
    if (version != VERSION) {
      throw damaged(name, "unknown index version " + Integer.toUnsignedString(version));
    }
    long dataLength = b.getLong(8);
    long count = b.getLong(16);
    long lastOffset = b.getLong(24);
    int lastFingerprint = b.getInt(32);
    int flags = b.getInt(36);
    long regions = b.getLong(40);
    long skipped = b.getLong(48);
    long expectedLength = count < 0 || count > MAX_ENTRIES ? -1
        : HEADER_SIZE + count * ENTRY_SIZE + TRAILER_SIZE;
    if (expectedLength != bytes.length) {
      throw damaged(name, "record count " + Long.toUnsignedString(count) + " does not match its "
          + bytes.length + " bytes");
    }
    if (dataLength < 0 || regions < 0 || skipped < 0 || skipped > dataLength
        || (flags & ~KNOWN_FLAGS) != 0) {
      throw damaged(name, "invalid header fields");
    }
    int n = (int) count;
    IndexEntries entries = new IndexEntries(n);
    long end = 0;
    for (int i = 0; i < n; i++) {
      int at = HEADER_SIZE + i * ENTRY_SIZE;
      long offset = b.getLong(at);
      long frameLength = Integer.toUnsignedLong(b.getInt(at + 8));
      int inBlock = b.getInt(at + 12);
      int fingerprint = b.getInt(at + 16);
      if (inBlock != 0) {
        // The next record of the previous entry's block: the same frame, one place further.
        if (i == 0 || inBlock != entries.indexInBlock(i - 1) + 1
            || offset != entries.offset(i - 1) || frameLength != entries.frameLength(i - 1)
            || fingerprint != entries.fingerprint(i - 1)
            || inBlock > FrameFormat.MAX_BLOCK_RECORDS) {
          throw damaged(name, "entry " + i + " (index " + Integer.toUnsignedString(inBlock)
              + " in the block at offset " + offset + ") does not follow the entry before it");
        }
      } else if (offset < end || frameLength < FrameFormat.HEADER_SIZE
          || offset > dataLength - frameLength) {
        throw damaged(name, "entry " + i + " (offset " + offset + ", frame length "
            + frameLength + ") overlaps another or lies past the data's " + dataLength + " bytes");
      }
      entries.add(offset, frameLength, inBlock, fingerprint);
      end = offset + frameLength;
    }
    boolean lastMatches = n == 0 ? lastOffset == NO_FRAME && lastFingerprint == 0
        : lastOffset == entries.offset(n - 1) && lastFingerprint == entries.fingerprint(n - 1);
    if (!lastMatches) {
      throw damaged(name, "its last-frame fingerprint does not match its last entry");
    }
    return new Contents(dataLength, flags, regions, skipped, entries);
  }

  /** Reads and decodes an index file. */
  static Contents read(Path index) throws IOException {
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(index, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > HEADER_SIZE + MAX_ENTRIES * ENTRY_SIZE + TRAILER_SIZE) {
        throw damaged(index.toString(), "it is too large (" + size + " bytes)");
      }
      bytes = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
      ByteBuffer dst = ByteBuffer.wrap(bytes);
      while (dst.hasRemaining() && ch.read(dst) >= 0) {
        // fill
      }
      if (dst.hasRemaining()) {
        throw damaged(index.toString(), "it changed while being read");
      }
    }
    return decode(bytes, index.toString());
  }

  /**
   * Writes an index file next to its data: to a temporary file first, then moved into place, so
   * that a crash leaves the old index or the new one, never half of one.
   */
  static void write(Path index, Contents contents) throws IOException {
    Path tmp = index.resolveSibling(index.getFileName() + ".tmp");
    Files.write(tmp, encode(contents));
    try {
      Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static int crc(byte[] b, int len) {
    CRC32 crc = new CRC32();
    crc.update(b, 0, len);
    return (int) crc.getValue();
  }

  static IOException damaged(String name, String why) {
    return new IOException(name + ": damaged record index: " + why);
  }

  /** CRC-32 of a frame's 40 header bytes, rebuilt from what its header declares. */
  static int fingerprint(FrameHeader h) {
    byte[] header = new byte[FrameFormat.HEADER_SIZE];
    int flags = h.isBlock() ? FrameFormat.blockFlags(h.codec(), h.blockRecords())
        : FrameFormat.codecFlags(h.codec());
    FrameFormat.encodeHeader(header, 0, h.version(), h.storedLength(), h.payloadCrc(), flags,
        h.decodedLength());
    return FrameFormat.crc32(header, 0, header.length);
  }
}
