package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: files packed with headers whose payloads overlap, each failing its checksum.
 * Reading them must cost work linear in the file (the reader checksums each byte a bounded number
 * of times), and must find exactly what a plain read of every candidate's payload finds.
 */
class HeaderFloodTest {
  /** Checksummed bytes per input byte a flood may cost; the quadratic reader needed thousands. */
  private static final long WORK_PER_BYTE = 40;

  /** Back-to-back headers, every one claiming a payload of {@code length.applyAsLong(p, size)}. */
  static byte[] flood(FormatVersion version, int size, java.util.function.LongBinaryOperator length) {
    ByteBuffer b = ByteBuffer.allocate(size);
    int count = size / HandFrames.HEADER;
    for (int i = 0; i < count; i++) {
      long p = (long) i * HandFrames.HEADER;
      long frameLength = length.applyAsLong(p, size);
      long stored = frameLength - HandFrames.HEADER;
      byte[] header = new byte[HandFrames.HEADER];
      // A payload CRC that is wrong for any payload the attacker lets it cover.
      FrameFormat.encodeHeader(header, 0, version, stored, 0x0badf00d, 0, stored);
      b.put(header);
    }
    return b.array();
  }

  static byte[] toEnd(FormatVersion version, int size) {
    return flood(version, size, (p, n) -> n - p);
  }

  static byte[] randomLengths(FormatVersion version, int size, long seed) {
    Random rnd = new Random(seed);
    return flood(version, size, (p, n) -> HandFrames.HEADER + (long) (rnd.nextDouble() * (n - p
        - HandFrames.HEADER)));
  }

  /**
   * Valid empty frames between the hostile headers, so that each hostile header is met on the
   * frame chain rather than inside a region.
   */
  static byte[] chainFlood(FormatVersion version, int size) {
    ByteBuffer b = ByteBuffer.allocate(size);
    byte[] empty = version == FormatVersion.V1 ? HandFrames.v1Plain(new byte[0])
        : HandFrames.v2Plain(new byte[0]);
    while (b.remaining() >= 2 * HandFrames.HEADER) {
      b.put(empty);
      long stored = b.capacity() - b.position() - HandFrames.HEADER;
      byte[] header = new byte[HandFrames.HEADER];
      FrameFormat.encodeHeader(header, 0, version, stored, 0x0badf00d, 0, stored);
      b.put(header);
    }
    return b.array();
  }

  @Test
  void floodsCostLinearWork() throws IOException {
    int size = 2 << 20;
    for (FormatVersion version : FormatVersion.values()) {
      for (byte[] file : List.of(toEnd(version, size), randomLengths(version, size, 1),
          chainFlood(version, size))) {
        long work;
        try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(file), "flood", 0,
            Long.MAX_VALUE, ReaderOptions.defaults(), null)) {
          while (reader.advance()) {
            assertEquals(0, reader.recordLength(), "only the empty frames are records");
          }
          work = reader.bytesChecksummed();
          assertTrue(reader.stats().corruptRegions() > 0);
        }
        assertTrue(work <= WORK_PER_BYTE * file.length, version + ": checksummed " + work
            + " bytes for a flood of " + file.length);
      }
    }
  }

  /**
   * Streams read every candidate's payload, the plain way, so they are the reference: a seekable
   * read, which derives checksums from prefixes, must find the same regions, in every range.
   */
  @Test
  void derivedChecksumsFindWhatReadingEveryPayloadFinds() throws IOException {
    int size = 96 << 10;
    Random rnd = new Random(9);
    for (FormatVersion version : FormatVersion.values()) {
      for (byte[] base : List.of(toEnd(version, size), randomLengths(version, size, 2),
          chainFlood(version, size))) {
        byte[] file = withValidFramesInside(base, rnd);
        RangeReads.Result stream = new RangeReads.Result();
        try (PPRecordReader reader = PPRecordReader.open(Channels.newChannel(
            new ByteArrayInputStream(file)), "flood", 0, Long.MAX_VALUE,
            ReaderOptions.defaults(), stream.regions::add)) {
          while (reader.advance()) {
            stream.records.add(new RangeReads.Rec(reader.offset(), reader.record()));
          }
        }
        RangeReads.Result whole = RangeReads.readWhole(file, ReaderOptions.defaults());
        assertEquals(stream.records, whole.records, version + " records");
        assertEquals(Splits.withoutDetail(stream.regions, "flood"),
            Splits.withoutDetail(whole.regions, "flood"), version + " regions");
        RangeReads.Result parts = new RangeReads.Result();
        long cut = 0;
        while (cut < file.length) {
          long next = Math.min(file.length, cut + 1 + rnd.nextInt(20_000));
          parts.addAll(RangeReads.read(file, cut, next, ReaderOptions.defaults()));
          cut = next;
        }
        assertEquals(whole.records, parts.records, version + " records of the ranges");
        assertEquals(whole.regions, parts.regions, version + " regions of the ranges");
      }
    }
  }

  /** Some valid frames written over the flood, so that derived checksums must also match. */
  private static byte[] withValidFramesInside(byte[] flood, Random rnd) throws IOException {
    byte[] file = flood.clone();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      at.add((rnd.nextInt(file.length / HandFrames.HEADER - 200) + 10) * HandFrames.HEADER);
    }
    for (int p : at) {
      byte[] payload = TestData.randomBytes(rnd, 3000 + rnd.nextInt(3000));
      byte[] frame = rnd.nextBoolean() ? HandFrames.v2Plain(payload)
          : HandFrames.v1Plain(payload);
      System.arraycopy(frame, 0, file, p, Math.min(frame.length, file.length - p));
    }
    return file;
  }
}
