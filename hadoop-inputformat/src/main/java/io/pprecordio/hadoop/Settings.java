package io.pprecordio.hadoop;

import io.pprecordio.Codec;
import io.pprecordio.CorruptionBudget;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.FormatVersion;
import io.pprecordio.ReaderOptions;
import io.pprecordio.WriterOptions;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns the {@code pprecordio.*} configuration keys into core options. A bad value fails at once
 * with the key, the value and the accepted values, instead of surfacing later in a task.
 */
final class Settings {
  private Settings() {}

  static ReaderOptions readerOptions(Configuration conf) {
    ReaderOptions defaults = ReaderOptions.defaults();
    long maxRecordBytes;
    try {
      maxRecordBytes = conf.getLongBytes(PPRecordInputFormat.MAX_RECORD_BYTES,
          defaults.maxRecordBytes());
    } catch (IllegalArgumentException e) {
      throw invalid(PPRecordInputFormat.MAX_RECORD_BYTES,
          conf.get(PPRecordInputFormat.MAX_RECORD_BYTES), "a byte count such as 268435456 or 256m");
    }
    if (maxRecordBytes < 0 || maxRecordBytes > ReaderOptions.MAX_MAX_RECORD_BYTES) {
      throw invalid(PPRecordInputFormat.MAX_RECORD_BYTES, Long.toString(maxRecordBytes),
          "a byte count in [0, " + ReaderOptions.MAX_MAX_RECORD_BYTES + "]");
    }
    return defaults.withMaxRecordBytes(maxRecordBytes)
        .withCorruptionPolicy(corruptionPolicy(conf))
        .withCorruptionBudget(corruptionBudget(conf));
  }

  /** The budget keys; core validates the numbers, the message gains the key. */
  static CorruptionBudget corruptionBudget(Configuration conf) {
    long maxRegions = longValue(conf, PPRecordInputFormat.CORRUPTION_MAX_REGIONS,
        "a count of corrupt regions");
    long maxSkippedBytes = longValue(conf, PPRecordInputFormat.CORRUPTION_MAX_SKIPPED_BYTES,
        "a byte count such as 1048576 or 1m");
    try {
      new CorruptionBudget(maxRegions, Long.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PPRecordInputFormat.CORRUPTION_MAX_REGIONS + ": " + e.getMessage(), e);
    }
    try {
      return new CorruptionBudget(maxRegions, maxSkippedBytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PPRecordInputFormat.CORRUPTION_MAX_SKIPPED_BYTES + ": " + e.getMessage(), e);
    }
  }

  private static long longValue(Configuration conf, String key, String accepted) {
    try {
      return conf.getLongBytes(key, Long.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      throw invalid(key, conf.get(key), accepted);
    }
  }

  static CorruptionPolicy corruptionPolicy(Configuration conf) {
    String value = conf.getTrimmed(PPRecordInputFormat.CORRUPTION_POLICY);
    if (value == null || value.isEmpty()) {
      return CorruptionPolicy.SKIP_AND_REPORT;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "skip":
      case "skip_and_report":
        return CorruptionPolicy.SKIP_AND_REPORT;
      case "fail":
        return CorruptionPolicy.FAIL;
      default:
        throw invalid(PPRecordInputFormat.CORRUPTION_POLICY, value, "skip or fail");
    }
  }

  static String name(CorruptionPolicy policy) {
    return policy == CorruptionPolicy.FAIL ? "fail" : "skip";
  }

  static WriterOptions writerOptions(Configuration conf) {
    Codec codec = codec(conf);
    FormatVersion version = formatVersion(conf);
    int level = conf.getInt(PPRecordOutputFormat.COMPRESSION_LEVEL, -1);
    if (version == FormatVersion.V1 && codec == Codec.ZSTD) {
      throw new IllegalArgumentException(PPRecordOutputFormat.CODEC + "=zstd needs "
          + PPRecordOutputFormat.FORMAT_VERSION + "=v2: v1 frames (the original pp-recordio"
          + " package's format) cannot hold zstd records; use gzip for v1");
    }
    return block(conf, WriterOptions.defaults().withCodec(codec).withFormatVersion(version)
        .withCompressionLevel(level));
  }

  /**
   * The block keys applied to {@code options}. Core validates; its message gains the key it is
   * about: the format version first (v1 refuses blocks), then the record count, then the size.
   */
  private static WriterOptions block(Configuration conf, WriterOptions options) {
    String records = conf.getTrimmed(PPRecordOutputFormat.BLOCK_RECORDS);
    String bytes = conf.getTrimmed(PPRecordOutputFormat.BLOCK_BYTES);
    boolean sized = !isBlank(records) || !isBlank(bytes);
    if (!booleanValue(conf, PPRecordOutputFormat.BLOCK, sized)) {
      return options;
    }
    int maxRecords = isBlank(records) ? WriterOptions.DEFAULT_BLOCK_RECORDS
        : intValue(PPRecordOutputFormat.BLOCK_RECORDS, records, "a record count such as 4096",
            false);
    int maxBytes = isBlank(bytes) ? WriterOptions.DEFAULT_BLOCK_BYTES
        : intValue(PPRecordOutputFormat.BLOCK_BYTES, bytes, "a byte count such as 131072 or 128k",
            true);
    checked(PPRecordOutputFormat.FORMAT_VERSION, () -> options.withBlock());
    checked(PPRecordOutputFormat.BLOCK_RECORDS,
        () -> options.withBlock(maxRecords, WriterOptions.DEFAULT_BLOCK_BYTES));
    return checked(PPRecordOutputFormat.BLOCK_BYTES,
        () -> options.withBlock(maxRecords, maxBytes));
  }

  private static WriterOptions checked(String key,
      java.util.function.Supplier<WriterOptions> options) {
    try {
      return options.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isEmpty();
  }

  /** A strict boolean: Hadoop's getBoolean would take a typo such as "ture" for the default. */
  private static boolean booleanValue(Configuration conf, String key, boolean unset) {
    String value = conf.getTrimmed(key);
    if (isBlank(value)) {
      return unset;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw invalid(key, value, "true or false");
  }

  /**
   * An int setting, with byte suffixes when {@code bytes}. Only the syntax is checked here; the
   * range is core's. A number beyond an int is a syntax error: no size setting goes that far.
   */
  private static int intValue(String key, String value, String accepted, boolean bytes) {
    try {
      long n = bytes ? org.apache.hadoop.util.StringUtils.TraditionalBinaryPrefix.string2long(
          value) : Long.parseLong(value);
      return Math.toIntExact(n);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalid(key, value, accepted);
    }
  }

  static Codec codec(Configuration conf) {
    String value = conf.getTrimmed(PPRecordOutputFormat.CODEC);
    if (value == null || value.isEmpty()) {
      return Codec.NONE;
    }
    try {
      return Codec.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(PPRecordOutputFormat.CODEC, value, "none, gzip or zstd");
    }
  }

  static FormatVersion formatVersion(Configuration conf) {
    String value = conf.getTrimmed(PPRecordOutputFormat.FORMAT_VERSION);
    if (value == null || value.isEmpty()) {
      return FormatVersion.V2;
    }
    try {
      return FormatVersion.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(PPRecordOutputFormat.FORMAT_VERSION, value, "v1 or v2");
    }
  }

  private static IllegalArgumentException invalid(String key, String value, String accepted) {
    return new IllegalArgumentException(
        "invalid value '" + value + "' for " + key + ": expected " + accepted);
  }
}
