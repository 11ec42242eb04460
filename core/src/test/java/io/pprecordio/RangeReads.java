package io.pprecordio;

import java.io.IOException;
import java.nio.channels.Channels;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads byte arrays whole or by ranges, collecting records and regions. Shared by tests. */
public final class RangeReads {
  private RangeReads() {}

  /** A record and the offset of its frame. */
  public record Rec(long offset, byte[] payload) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Rec r && r.offset == offset && java.util.Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(offset) * 31 + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Rec@" + offset + "[" + payload.length + "]";
    }
  }

  /** What one read returned. */
  public static final class Result {
    public final List<Rec> records = new ArrayList<>();
    public final List<CorruptRegion> regions = new ArrayList<>();
    /** Stats of a single read; null for a partition, whose ranges' stats are in rangeStats. */
    public ReadStats stats;
    /** Stats of each range of a partition, in order. */
    public final List<ReadStats> rangeStats = new ArrayList<>();

    public void addAll(Result other) {
      records.addAll(other.records);
      regions.addAll(other.regions);
      if (other.stats != null) {
        rangeStats.add(other.stats);
      }
      rangeStats.addAll(other.rangeStats);
    }
  }

  public static Result read(byte[] file, long start, long end, ReaderOptions options)
      throws IOException {
    return read(file, start, end, options, Integer.MAX_VALUE);
  }

  public static Result read(byte[] file, long start, long end, ReaderOptions options,
      int maxRead) throws IOException {
    Result result = new Result();
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(file, maxRead), "mem",
        start, end, options, result.regions::add)) {
      while (reader.advance()) {
        result.records.add(new Rec(reader.offset(), reader.record()));
      }
      result.stats = reader.stats();
    }
    return result;
  }

  public static Result readWhole(byte[] file, ReaderOptions options) throws IOException {
    return read(file, 0, Long.MAX_VALUE, options);
  }

  /** Reads through a channel that cannot seek, as a decompressed stream would be read. */
  public static Result readStream(byte[] file, ReaderOptions options) throws IOException {
    Result result = new Result();
    try (PPRecordReader reader = PPRecordReader.open(
        Channels.newChannel(new ByteArrayInputStream(file)), "stream", 0, Long.MAX_VALUE, options,
        result.regions::add)) {
      while (reader.advance()) {
        result.records.add(new Rec(reader.offset(), reader.record()));
      }
      result.stats = reader.stats();
    }
    return result;
  }

  /** Reads the ranges cut at {@code cuts} (sorted, inside (0, length)) and concatenates them. */
  public static Result readPartition(byte[] file, long[] cuts, ReaderOptions options)
      throws IOException {
    return readPartition(file, cuts, options, Integer.MAX_VALUE);
  }

  /**
   * Like {@link #readPartition(byte[], long[], ReaderOptions)}, through channels that serve at
   * most {@code maxRead} bytes per read. Cuts may repeat (empty ranges) and may be 0 or the length.
   */
  public static Result readPartition(byte[] file, long[] cuts, ReaderOptions options,
      int maxRead) throws IOException {
    Result all = new Result();
    long start = 0;
    for (int i = 0; i <= cuts.length; i++) {
      long end = i < cuts.length ? cuts[i] : file.length;
      all.addAll(read(file, start, end, options, maxRead));
      start = end;
    }
    return all;
  }
}
