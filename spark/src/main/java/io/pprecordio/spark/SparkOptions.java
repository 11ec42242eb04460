package io.pprecordio.spark;

import io.pprecordio.Codec;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.FormatVersion;
import io.pprecordio.ReaderOptions;
import io.pprecordio.WriterOptions;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.network.util.JavaUtils;

/**
 * Turns the data source's options into core's reader and writer options. Core validates every
 * value; a bad one fails on the driver, before any task runs, with one line that starts with the
 * option's name.
 */
final class SparkOptions {
  static final String CORRUPTION_POLICY = "corruptionPolicy";
  static final String MAX_RECORD_BYTES = "maxRecordBytes";
  static final String MAX_CORRUPT_REGIONS = "maxCorruptRegions";
  static final String MAX_SKIPPED_BYTES = "maxSkippedBytes";
  static final String CODEC = "codec";
  static final String FORMAT_VERSION = "formatVersion";
  static final String BLOCK = "block";
  static final String BLOCK_RECORDS = "blockRecords";
  static final String BLOCK_BYTES = "blockBytes";

  private SparkOptions() {}

  /** The reader options {@code options} (case-insensitive keys, as Spark passes them) name. */
  static ReaderOptions readerOptions(Map<String, String> options) {
    ReaderOptions read = ReaderOptions.defaults();
    String policy = options.get(CORRUPTION_POLICY);
    if (policy != null) {
      read = read.withCorruptionPolicy(
          parse(CORRUPTION_POLICY, policy, CorruptionPolicy::parse));
    }
    String maxRecordBytes = options.get(MAX_RECORD_BYTES);
    if (maxRecordBytes != null) {
      long bytes = parse(MAX_RECORD_BYTES, maxRecordBytes, SparkOptions::byteCount);
      read = apply(MAX_RECORD_BYTES, read, r -> r.withMaxRecordBytes(bytes));
    }
    // The budget of one reader, that is one partition's range of one file (core's rule).
    String regions = options.get(MAX_CORRUPT_REGIONS);
    long maxRegions = Long.MAX_VALUE;
    if (regions != null) {
      long n = parse(MAX_CORRUPT_REGIONS, regions, SparkOptions::count);
      read = apply(MAX_CORRUPT_REGIONS, read, r -> r.withCorruptionBudget(n, Long.MAX_VALUE));
      maxRegions = n;
    }
    String skipped = options.get(MAX_SKIPPED_BYTES);
    if (skipped != null) {
      long bytes = parse(MAX_SKIPPED_BYTES, skipped, SparkOptions::byteCount);
      long n = maxRegions;
      read = apply(MAX_SKIPPED_BYTES, read, r -> r.withCorruptionBudget(n, bytes));
    }
    return read;
  }

  /** The writer options {@code options} name. */
  static WriterOptions writerOptions(Map<String, String> options) {
    WriterOptions write = WriterOptions.defaults();
    String codec = options.get(CODEC);
    if (codec != null) {
      Codec c = parse(CODEC, codec, Codec::parse);
      write = apply(CODEC, write, w -> w.withCodec(c));
    }
    String version = options.get(FORMAT_VERSION);
    if (version != null) {
      FormatVersion v = parse(FORMAT_VERSION, version, FormatVersion::parse);
      write = apply(CODEC + "/" + FORMAT_VERSION, write, w -> w.withFormatVersion(v));
    }
    return block(options, write);
  }

  /**
   * Block mode: on with {@code block=true} (core's default sizes unless given) or with either size
   * option; {@code block=false} turns it off whatever the sizes say. Core checks the format
   * version first (v1 refuses blocks), then the record count, then the size; its message gains
   * the option it is about.
   */
  private static WriterOptions block(Map<String, String> options, WriterOptions write) {
    String records = options.get(BLOCK_RECORDS);
    String bytes = options.get(BLOCK_BYTES);
    String block = options.get(BLOCK);
    boolean on = block == null ? records != null || bytes != null
        : parse(BLOCK, block, SparkOptions::strictBoolean);
    if (!on) {
      return write;
    }
    int maxRecords = records == null ? WriterOptions.DEFAULT_BLOCK_RECORDS
        : parse(BLOCK_RECORDS, records, value -> toInt(count(value), value));
    int maxBytes = bytes == null ? WriterOptions.DEFAULT_BLOCK_BYTES
        : parse(BLOCK_BYTES, bytes, value -> toInt(byteCount(value), value));
    apply(FORMAT_VERSION + "/" + BLOCK, write, WriterOptions::withBlock);
    apply(BLOCK_RECORDS, write, w -> w.withBlock(maxRecords, WriterOptions.DEFAULT_BLOCK_BYTES));
    return apply(BLOCK_BYTES, write, w -> w.withBlock(maxRecords, maxBytes));
  }

  /** Only true or false (any case): a typo such as "ture" must not read as false. */
  private static boolean strictBoolean(String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException("invalid value '" + value + "'; expected true or false");
  }

  /** A block setting is an int; a larger number is refused as such (core checks the range). */
  private static int toInt(long n, String value) {
    if (n != (int) n) {
      throw new IllegalArgumentException("invalid value '" + value + "'; too large for a block");
    }
    return (int) n;
  }

  private static long count(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid count '" + value + "'; expected a whole number such as 10");
    }
  }

  /** A byte count as Spark spells sizes: {@code 268435456}, {@code 256m}, {@code 64k}. */
  private static long byteCount(String value) {
    try {
      return JavaUtils.byteStringAsBytes(value);
    } catch (NumberFormatException e) { // Spark's message spans two lines
      throw new IllegalArgumentException("invalid size '" + value
          + "'; expected a byte count such as 268435456 or 256m");
    }
  }

  private static <T> T parse(String option, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw invalid(option, value, e);
    }
  }

  private static <T> T apply(String option, T options, Function<T, T> change) {
    try {
      return change.apply(options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException invalid(String option, String value,
      IllegalArgumentException cause) {
    String message = cause.getMessage();
    if (message == null || !message.contains(value)) {
      message = "invalid value '" + value + "'" + (message == null ? "" : ": " + message);
    }
    return new IllegalArgumentException(option + ": " + message, cause);
  }
}
