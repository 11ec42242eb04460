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
    return WriterOptions.defaults().withCodec(codec).withFormatVersion(version)
        .withCompressionLevel(level);
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
