package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer fuzz tests of the reader. In a normal build ({@code mvn verify}) they replay the inputs
 * under src/test/resources/io/pprecordio/ReaderFuzzTestInputs/; with {@code JAZZER_FUZZ=1} they
 * fuzz (see the README of that directory).
 *
 * <p>For every input, read whole, as a stream, by a partition, and under the fail policy: only
 * the documented exceptions ({@link RecordTooLargeException}; under the fail policy also
 * {@link CorruptRecordException}), no record above the limit, memory and input read bounded by
 * the limit and the input, records and regions tiling the file, exactly once across the
 * partition, the stream agreeing with the file, and the fail policy stopping at the first region.
 */
class ReaderFuzzTest {
  /**
   * Allocation is measured per thread, and the first use of a code path loads classes (which
   * Jazzer's agent then instruments, allocating on the loading thread). So every path is taken
   * once, unmeasured, before any input is checked.
   */
  private static boolean measuring;

  static {
    try {
      // Only to load classes: the checks on this file are a test of their own, below.
      byte[] file = everyPath();
      for (long max : new long[] {0, 100, 5000, 70_000}) {
        for (int buffer : new int[] {4096, 65536}) {
          ReaderOptions options =
              ReaderOptions.defaults().withMaxRecordBytes(max).withBufferBytes(buffer);
          Bounds bounds = new Bounds(file, options);
          read(file, options, new long[0], bounds);
          read(file, options, new long[] {10, 3000, 3001}, bounds);
          read(file, options, null, bounds);
          read(file, options.withCorruptionPolicy(CorruptionPolicy.FAIL), new long[0], bounds);
        }
      }
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
    measuring = true;
  }

  /** The checks on a file that takes every path the fuzz targets can reach. */
  @org.junit.jupiter.api.Test
  void everyPathOnce() throws IOException {
    byte[] file = everyPath();
    for (long max : new long[] {0, 100, 5000, 70_000}) {
      for (int buffer : new int[] {4096, 65536}) {
        check(file, ReaderOptions.defaults().withMaxRecordBytes(max).withBufferBytes(buffer),
            new int[] {1000, 30000, 30001, 65536});
      }
    }
  }

  /** Frames of every kind and codec, good and bad, between garbage, ending in a torn frame. */
  private static byte[] everyPath() throws IOException {
    byte[] payload = TestData.compressible(new java.util.Random(1), 3000);
    byte[] gz = HandFrames.gzip(payload);
    byte[] z = ZstdSupport.compress(payload, 0, payload.length, 1);
    byte[] file = HandFrames.concat("garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        HandFrames.v1Plain(payload), HandFrames.v1GzipCrcOfStored(payload),
        HandFrames.v1GzipCrcOfDecoded(payload), HandFrames.v2Plain(payload),
        HandFrames.v2(gz, HandFrames.FLAG_GZIP, payload.length),
        HandFrames.v2(z, HandFrames.FLAG_ZSTD, payload.length),
        HandFrames.v2(payload, HandFrames.FLAG_GZIP, 10), HandFrames.v2(payload, 2, 10),
        HandFrames.v1(payload, HandFrames.crc32(payload), HandFrames.FLAG_GZIP),
        HandFrames.v2(payload, 40, 0, 3, 0), HandFrames.v1(payload, 5000, 1, 0),
        blocks(payload), HandFrames.v2(new byte[] {0, 0, 0, 9, 1}, 4 | (1 << 16), 5),
        Arrays.copyOf(HandFrames.v2Plain(payload), 100));
    return file;
  }

  /** Block frames of every codec, from the real writer. */
  private static byte[] blocks(byte[] payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Codec codec : Codec.values()) {
      try (PPRecordWriter w = PPRecordWriter.to(out,
          WriterOptions.defaults().withCodec(codec).withBlock(3, 2000))) {
        for (int i = 0; i < 4; i++) {
          w.write(payload, 0, 100 * i);
        }
      }
    }
    return out.toByteArray();
  }

  /** Arbitrary bytes as a file. */
  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // per input when replaying; Jazzer passes it on
  void arbitraryBytes(FuzzedDataProvider data) throws IOException {
    ReaderOptions options = options(data);
    int[] cuts = cuts(data);
    check(data.consumeRemainingAsBytes(), options, cuts);
  }

  /**
   * Files made of frames whose checksums are right (so the fuzzer gets past them) but whose
   * fields, codecs and payloads are arbitrary, between garbage and torn copies: the header rules,
   * the decoders and the resync get exercised, not just the magic search.
   */
  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // per input when replaying; Jazzer passes it on
  void checksummedFrames(FuzzedDataProvider data) throws IOException {
    ReaderOptions options = options(data);
    int[] cuts = cuts(data);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    int frames = data.consumeInt(0, 12);
    for (int i = 0; i < frames && data.remainingBytes() > 0; i++) {
      file.writeBytes(frame(data, file.toByteArray()));
    }
    check(file.toByteArray(), options, cuts);
  }

  /**
   * Files of block frames (FORMAT.md 3.4) between other frames, garbage and torn copies: blocks
   * from the real writer with arbitrary records and sizes, and hand-made blocks whose checksums
   * match but whose record counts, length tables and codecs are arbitrary, so that the block
   * rules (the count in the flags, the table adding up, the limit of M + 4 K) are what decides.
   */
  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // per input when replaying; Jazzer passes it on
  void blockFrames(FuzzedDataProvider data) throws IOException {
    ReaderOptions options = options(data);
    int[] cuts = cuts(data);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    int frames = data.consumeInt(0, 8);
    for (int i = 0; i < frames && data.remainingBytes() > 0; i++) {
      file.writeBytes(blockFrame(data, file.toByteArray()));
    }
    check(file.toByteArray(), options, cuts);
  }

  private static byte[] blockFrame(FuzzedDataProvider data, byte[] before) throws IOException {
    int kind = data.consumeInt(0, 4);
    switch (kind) {
      case 0: {
        // The real writer: records of arbitrary sizes, gathered into blocks.
        Codec codec = data.pickValue(new Codec[] {Codec.NONE, Codec.GZIP, Codec.ZSTD});
        WriterOptions o = WriterOptions.defaults().withCodec(codec)
            .withBlock(data.consumeInt(1, 50), data.consumeInt(1, 5000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PPRecordWriter w = PPRecordWriter.to(out, o)) {
          int records = data.consumeInt(0, 60);
          for (int r = 0; r < records; r++) {
            w.write(data.consumeBytes(data.consumeInt(0, 200)));
          }
        }
        return out.toByteArray();
      }
      case 1: {
        // A hand-made block with a matching checksum and an arbitrary count and table.
        int records = data.pickValue(new int[] {0, 1, 2, 3, 7, 100, 32767, 32768, 65535});
        boolean consistent = data.consumeBoolean();
        byte[] bodies = data.consumeBytes(data.consumeInt(0, 400));
        ByteBuffer content = ByteBuffer.allocate(4 * Math.min(records, 1000) + bodies.length);
        int left = bodies.length;
        for (int r = 0; r < Math.min(records, 1000); r++) {
          int len = consistent ? (r == records - 1 ? left : data.consumeInt(0, left))
              : data.consumeInt();
          if (consistent) {
            left -= len;
          }
          content.putInt(len);
        }
        content.put(bodies);
        byte[] block = content.array();
        int codecBits = data.pickValue(new int[] {0, 1, 2, 3});
        byte[] stored = codecBits == 1 ? HandFrames.gzip(block)
            : codecBits == 2 ? ZstdSupport.compress(block, 0, block.length, 1) : block;
        int flags = codecBits | 4 | (records << 16);
        if (data.consumeBoolean()) {
          flags = data.consumeInt(); // any flags at all
        }
        long decoded = data.consumeBoolean() ? block.length : data.consumeLong(0, 1 << 20);
        return obeyingTheNestingRule(HandFrames.v2(stored, flags, decoded));
      }
      case 2:
        return obeyingTheNestingRule(HandFrames.v2Plain(data.consumeBytes(data.consumeInt(0, 300))));
      case 3:
        return data.consumeBytes(data.consumeInt(0, 300)); // garbage
      default: {
        if (before.length == 0) {
          return new byte[0];
        }
        int from = data.consumeInt(0, before.length - 1);
        int to = data.consumeInt(from, before.length);
        return Arrays.copyOfRange(before, from, to);
      }
    }
  }

  /**
   * The frame, or nothing if it holds a header a reader could accept: FORMAT.md 6.2 forbids that
   * to writers, and a range starting inside such a frame would rightly return the inner one (a
   * limitation documented in 7.7, found by this target as crash-721c9fd5...).
   */
  private static byte[] obeyingTheNestingRule(byte[] frame) {
    return EmbeddedHeaders.present(frame, frame, 40, frame.length - 40) ? new byte[0] : frame;
  }

  private static ReaderOptions options(FuzzedDataProvider data) {
    long max = data.pickValue(new long[] {0, 1, 40, 100, 1000, 4096, 5000, 70_000});
    int buffer = data.pickValue(new int[] {4096, 4100, 65536});
    return ReaderOptions.defaults().withMaxRecordBytes(max).withBufferBytes(buffer);
  }

  /** Cut points as fractions of the file (in 1/65536), so they survive any file length. */
  private static int[] cuts(FuzzedDataProvider data) {
    int[] cuts = new int[data.consumeInt(0, 15)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = data.consumeInt(0, 65536);
    }
    return cuts;
  }

  private static byte[] frame(FuzzedDataProvider data, byte[] before) throws IOException {
    int kind = data.consumeInt(0, 11);
    byte[] payload = data.consumeBytes(data.consumeInt(0, 300));
    if (data.consumeBoolean()) {
      // Repetitive records compress well: decoded sizes beyond the stored ones, and the limit.
      int times = data.consumeInt(1, 2000);
      ByteArrayOutputStream big = new ByteArrayOutputStream();
      for (int t = 0; t < times; t++) {
        big.writeBytes(payload);
      }
      payload = big.toByteArray();
    }
    switch (kind) {
      case 0:
        return payload; // garbage
      case 1:
        return HandFrames.v1Plain(payload);
      case 2:
        return HandFrames.v1GzipCrcOfStored(payload);
      case 3:
        return HandFrames.v1GzipCrcOfDecoded(payload);
      case 4:
        return HandFrames.v2Plain(payload);
      case 5: {
        byte[] gz = HandFrames.gzip(payload);
        return HandFrames.v2(gz, HandFrames.FLAG_GZIP,
            data.consumeBoolean() ? payload.length : data.consumeLong());
      }
      case 6: {
        byte[] z = ZstdSupport.compress(payload, 0, payload.length, 1);
        return HandFrames.v2(z, HandFrames.FLAG_ZSTD,
            data.consumeBoolean() ? payload.length : data.consumeLong());
      }
      case 7:
        // Arbitrary bytes claiming a codec, with a matching CRC: the decoders get garbage.
        return HandFrames.v2(payload, data.pickValue(new int[] {1, 2, 3, 4}),
            data.consumeLong(0, 1 << 20));
      case 8:
        // Any header fields at all, with a valid header checksum.
        return HandFrames.v2(payload, data.consumeLong(), data.consumeLong(), data.consumeInt(),
            data.consumeLong());
      case 9:
        return HandFrames.v1(payload, data.consumeLong(), data.consumeBoolean()
            ? HandFrames.crc32(payload) : data.consumeLong(), data.consumeInt(0, 3));
      case 10: {
        // A v1 gzip record with arbitrary (not gzip) bytes and a matching CRC.
        return HandFrames.v1(payload, HandFrames.crc32(payload), HandFrames.FLAG_GZIP);
      }
      default: {
        // A torn copy of what came before.
        if (before.length == 0) {
          return payload;
        }
        int from = data.consumeInt(0, before.length - 1);
        int to = data.consumeInt(from, before.length);
        return Arrays.copyOfRange(before, from, to);
      }
    }
  }

  // ---- the checks ----------------------------------------------------------------------------

  /** What one read returned before it ended or threw. */
  private static final class Outcome {
    final List<RangeReads.Rec> records = new ArrayList<>();
    final List<CorruptRegion> regions = new ArrayList<>();
    final List<ReadStats> stats = new ArrayList<>();
    IOException thrown;
  }

  static void check(byte[] file, ReaderOptions options, int[] cutFractions) throws IOException {
    long[] cuts = new long[cutFractions.length];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (long) file.length * cutFractions[i] / 65536;
    }
    Arrays.sort(cuts);
    Bounds bounds = new Bounds(file, options);

    Outcome whole = read(file, options, new long[0], bounds);
    Outcome parts = read(file, options, cuts, bounds);
    Outcome stream = read(file, options, null, bounds);
    Outcome failFast = read(file, options.withCorruptionPolicy(CorruptionPolicy.FAIL),
        new long[0], bounds);

    if (whole.thrown != null && !(whole.thrown instanceof RecordTooLargeException)) {
      throw new AssertionError("skip policy threw " + whole.thrown, whole.thrown);
    }
    // Everything before the end, or before a record too large to read, is accounted for.
    RangeReads.Result r = new RangeReads.Result();
    r.records.addAll(whole.records);
    r.regions.addAll(whole.regions);
    Splits.assertTiles(r, whole.thrown == null ? file
        : Arrays.copyOf(file, (int) offsetOf(whole.thrown)), () -> "tiling");

    // Exactly once: the partition returns what the whole read returns, and fails where it does.
    assertEquals(whole.records, parts.records, "partition records " + Arrays.toString(cuts));
    assertEquals(whole.regions, parts.regions, "partition regions " + Arrays.toString(cuts));
    assertEquals(offsetOf(whole.thrown), offsetOf(parts.thrown), "partition failure");
    if (whole.thrown == null) {
      Splits.assertStatsAddUp(whole.stats.get(0), parts.stats, () -> Arrays.toString(cuts));
    }

    // A stream cannot know where it ends, so a verified v2 header running past the end (to a
    // file, a torn-tail candidate inside a corrupt region, or the torn tail itself) may be too
    // large to it. Up to that point, it sees what the file sees.
    if (stream.thrown instanceof RecordTooLargeException && whole.thrown == null) {
      long at = offsetOf(stream.thrown);
      assertTrue(whole.regions.stream().anyMatch(g -> g.offset() <= at
          && at < g.offset() + g.length()),
          "stream failed at " + at + " where the file has no region: " + whole.regions);
      assertEquals(before(whole.records, at), stream.records, "stream records");
    } else {
      assertEquals(offsetOf(whole.thrown), offsetOf(stream.thrown), "stream failure");
      assertEquals(whole.records, stream.records, "stream records");
      assertEquals(Splits.withoutDetail(whole.regions, "mem"),
          Splits.withoutDetail(stream.regions, "mem"), "stream regions");
    }

    // Fail fast: the records before the first corrupt region, then an exception at it.
    CorruptRegion first = whole.regions.stream().filter(g -> !g.isTornTail()).findFirst()
        .orElse(null);
    if (first != null) {
      if (!(failFast.thrown instanceof CorruptRecordException)) {
        fail("fail policy did not fail at " + first + " but " + failFast.thrown);
      }
      assertEquals(first.offset(), offsetOf(failFast.thrown), "fail policy offset");
      assertEquals(before(whole.records, first.offset()), failFast.records, "fail policy");
    } else {
      assertEquals(offsetOf(whole.thrown), offsetOf(failFast.thrown), "fail policy failure");
      assertEquals(whole.records, failFast.records, "fail policy records");
    }
  }

  private static List<RangeReads.Rec> before(List<RangeReads.Rec> records, long offset) {
    List<RangeReads.Rec> out = new ArrayList<>();
    for (RangeReads.Rec r : records) {
      if (r.offset() < offset) {
        out.add(r);
      }
    }
    return out;
  }

  private static long offsetOf(IOException e) {
    if (e == null) {
      return -1;
    }
    if (e instanceof RecordTooLargeException) {
      return ((RecordTooLargeException) e).offset();
    }
    return ((CorruptRecordException) e).offset();
  }

  /**
   * Reads the whole file ({@code cuts} empty), the ranges of a partition, or a stream
   * ({@code cuts} null), checking the bounds of each read.
   */
  private static Outcome read(byte[] file, ReaderOptions options, long[] cuts, Bounds bounds) {
    Outcome out = new Outcome();
    long[] ends;
    if (cuts == null) {
      ends = new long[] {Long.MAX_VALUE};
    } else {
      ends = Arrays.copyOf(cuts, cuts.length + 1);
      ends[cuts.length] = file.length;
    }
    long start = 0;
    for (long end : ends) {
      Counting channel = new Counting(file, bounds.readBytes);
      long allocatedBefore = Allocation.current();
      int events = 0;
      try (PPRecordReader reader = cuts == null
          ? PPRecordReader.open(stream(channel), "mem", 0, Long.MAX_VALUE, options,
              out.regions::add)
          : PPRecordReader.open(channel, "mem", start, end, options, out.regions::add)) {
        while (reader.advance()) {
          byte[] record = reader.record();
          if (record.length > options.maxRecordBytes()) {
            fail("record of " + record.length + " bytes above the limit "
                + options.maxRecordBytes());
          }
          out.records.add(new RangeReads.Rec(reader.offset(), record));
          // A block frame of at least 40 bytes holds at most 32767 records.
          if (++events > (file.length / 40 + 1) * (long) FrameFormat.MAX_BLOCK_RECORDS) {
            fail("more records than block frames can hold");
          }
        }
        out.stats.add(reader.stats());
      } catch (RecordTooLargeException | CorruptRecordException e) {
        assertEquals("mem", e instanceof RecordTooLargeException
            ? ((RecordTooLargeException) e).file() : ((CorruptRecordException) e).file());
        if (cuts != null && (offsetOf(e) < start || offsetOf(e) >= end)) {
          fail("range [" + start + ", " + end + ") failed for offset " + offsetOf(e)
              + ", which it does not own: " + e);
        }
        out.thrown = e;
      } catch (IOException e) {
        throw new AssertionError("undocumented IOException", e);
      }
      long allocated = Allocation.current() - allocatedBefore;
      // The records collected here are the test's: an empty record of a block costs its array
      // and its entry, not the reader.
      if (measuring && allocated > bounds.allocation + 128L * out.records.size()) {
        fail("allocated " + allocated + " bytes, bound " + bounds.allocation + " (max record "
            + options.maxRecordBytes() + ", input " + file.length + ")");
      }
      if (out.thrown != null) {
        break;
      }
      start = end;
    }
    return out;
  }

  /**
   * What one read may allocate and read. Every magic number may be a frame start the reader
   * must look at (a v1 candidate is verified by reading its payload), so the bounds grow with
   * their count; they do not grow with any length a header declares.
   */
  private static final class Bounds {
    final long allocation;
    final long readBytes;

    Bounds(byte[] file, ReaderOptions options) {
      long magics = 0;
      for (int i = 0; i + 4 <= file.length; i++) {
        if (ByteBuffer.wrap(file).getInt(i) == HandFrames.MAGIC) {
          magics++;
        }
      }
      long limit = options.maxRecordBytes();
      long buffer = options.bufferBytes();
      long frame = Math.min(file.length + 64L, limit + 40);
      long perCandidate = 4 * frame + 3 * limit + 16_384;
      this.allocation = 8 * buffer + 4 * (limit + 40 + buffer) + 64L * file.length
          + (magics + 2) * perCandidate + (1 << 20);
      this.readBytes = 4L * (file.length + buffer) + (magics + 2) * 2 * (frame + buffer);
    }
  }

  /** A memory channel that fails the test when a read goes on far longer than it may. */
  private static final class Counting implements SeekableByteChannel {
    private final MemoryChannel in;
    private final long bound;
    private long read;

    Counting(byte[] data, long bound) {
      this.in = new MemoryChannel(data, 4099);
      this.bound = bound;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int n = in.read(dst);
      if (n > 0 && (read += n) > bound) {
        throw new AssertionError("read " + read + " bytes, bound " + bound);
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() {
      return in.position();
    }

    @Override
    public SeekableByteChannel position(long p) {
      in.position(p);
      return this;
    }

    @Override
    public long size() {
      return in.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return in.isOpen();
    }

    @Override
    public void close() {
      in.close();
    }
  }

  /** The same bytes through a channel that cannot seek (and does not know its size). */
  private static ReadableByteChannel stream(Counting channel) {
    return new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
      }

      @Override
      public boolean isOpen() {
        return channel.isOpen();
      }

      @Override
      public void close() {
        channel.close();
      }
    };
  }
}
