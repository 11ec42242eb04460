package io.pprecordio.beam;

import io.pprecordio.Codec;
import io.pprecordio.CorruptRegion;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block-mode file (FORMAT.md 3.4) with its damage injected at known places: zstd blocks of 7
 * records, a block cut short by a flush, a run of plain one-record frames, one block whose
 * payload has a flipped byte, and optionally a torn block at the end. The records that must be
 * read and the regions that must be reported are worked out from the writing, not from a reader.
 */
final class BlockFile {
  static final int BLOCK_RECORDS = 7;
  static final WriterOptions BLOCKS =
      WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(BLOCK_RECORDS, 1 << 16);

  final byte[] bytes;
  /** The records every whole read returns, in file order. */
  final List<byte[]> intact = new ArrayList<>();
  /** Regions as the injection made them. */
  final List<DamagedFile.Expected> regions = new ArrayList<>();
  /** Byte offset of the damaged block's frame. */
  final long damagedBlockOffset;

  private BlockFile(byte[] bytes, long damagedBlockOffset) {
    this.bytes = bytes;
    this.damagedBlockOffset = damagedBlockOffset;
  }

  /**
   * Records {@link Records#record}(0) on: {@code before} records in blocks (with a flush after
   * the 10th, so one block holds 3), 5 plain frames, a damaged block of 7, then {@code after}
   * records in blocks, and with {@code tornTail} a final block of 5 cut short.
   */
  static BlockFile build(int before, int after, boolean tornTail) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<byte[]> intact = new ArrayList<>();
    List<DamagedFile.Expected> regions = new ArrayList<>();
    long next = 0;

    ByteArrayOutputStream blocks = new ByteArrayOutputStream();
    try (PPRecordWriter w = PPRecordWriter.to(blocks, BLOCKS)) {
      for (int i = 0; i < before; i++, next++) {
        w.write(Records.record(next));
        intact.add(Records.record(next));
        if (i == 9) {
          w.flush();
        }
      }
    }
    out.write(blocks.toByteArray());

    List<byte[]> plain = new ArrayList<>();
    for (int i = 0; i < 5; i++, next++) {
      plain.add(Records.record(next));
    }
    out.write(write(plain, WriterOptions.defaults()));
    intact.addAll(plain);

    List<byte[]> lost = new ArrayList<>();
    for (int i = 0; i < BLOCK_RECORDS; i++, next++) {
      lost.add(Records.record(next));
    }
    byte[] damaged = write(lost, BLOCKS);
    // A byte in the middle of the compressed payload: the block's payload checksum fails.
    damaged[40 + (damaged.length - 40) / 2] ^= 0x5A;
    long damagedOffset = out.size();
    regions.add(new DamagedFile.Expected(damagedOffset, damaged.length,
        CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH));
    out.write(damaged);

    List<byte[]> rest = new ArrayList<>();
    for (int i = 0; i < after; i++, next++) {
      rest.add(Records.record(next));
    }
    out.write(write(rest, BLOCKS));
    intact.addAll(rest);

    if (tornTail) {
      List<byte[]> torn = new ArrayList<>();
      for (int i = 0; i < 5; i++, next++) {
        torn.add(Records.record(next));
      }
      byte[] block = write(torn, BLOCKS);
      int keep = block.length - 9;
      regions.add(new DamagedFile.Expected(out.size(), keep, CorruptRegion.Reason.TORN_TAIL));
      out.write(Arrays.copyOf(block, keep));
    }
    BlockFile file = new BlockFile(out.toByteArray(), damagedOffset);
    file.intact.addAll(intact);
    file.regions.addAll(regions);
    return file;
  }

  static byte[] write(List<byte[]> records, WriterOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PPRecordWriter w = PPRecordWriter.to(out, options)) {
      for (byte[] r : records) {
        w.write(r);
      }
    }
    return out.toByteArray();
  }
}
