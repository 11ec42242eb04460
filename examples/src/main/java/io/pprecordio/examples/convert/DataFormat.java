package io.pprecordio.examples.convert;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.sdk.io.Compression;

/** The dataset formats the conversion job reads and writes: each record is one byte string. */
public enum DataFormat {
  /** Text lines (TextIO): one record per line, UTF-8, without the line terminator. */
  TEXT("text", ".txt", List.of(".txt", ".text", ".jsonl", ".ndjson", ".json", ".csv", ".tsv",
      ".log"), List.of("txt", "lines")),
  /** TFRecord (TFRecordIO): length- and CRC32C-framed records, as TensorFlow writes them. */
  TFRECORD("tfrecord", ".tfrecord", List.of(".tfrecord", ".tfrecords", ".tfr"),
      List.of("tfrecords", "tfr")),
  /**
   * Hadoop SequenceFile: a record is the value of a key/value pair (the key is dropped on read,
   * {@code NullWritable} on write).
   */
  SEQUENCEFILE("sequencefile", ".seq", List.of(".seq", ".sequencefile", ".seqfile"),
      List.of("seq", "seqfile", "sequence")),
  /** pp_recordio (PPRecordIO). */
  PPRECORDIO("pp_recordio", ".pp_recordio", List.of(".pp_recordio", ".pprecordio", ".ppr"),
      List.of("pprecordio", "pp-recordio", "pp", "ppr"));

  private final String displayName;
  private final String defaultSuffix;
  private final List<String> suffixes;
  private final List<String> aliases;

  DataFormat(String displayName, String defaultSuffix, List<String> suffixes,
      List<String> aliases) {
    this.displayName = displayName;
    this.defaultSuffix = defaultSuffix;
    this.suffixes = suffixes;
    this.aliases = aliases;
  }

  /** The name users type and read: {@code text}, {@code tfrecord}, ... */
  public String displayName() {
    return displayName;
  }

  /** The file suffix the job gives this format's output unless the output names one. */
  public String defaultSuffix() {
    return defaultSuffix;
  }

  /** Parses a format name, case-insensitively; aliases such as {@code seq} or {@code pp} too. */
  public static DataFormat parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (DataFormat f : values()) {
      if (f.displayName.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)
          || f.aliases.contains(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "'; expected one of "
        + names());
  }

  /** {@code text, tfrecord, sequencefile, pp_recordio}. */
  public static String names() {
    StringBuilder s = new StringBuilder();
    for (DataFormat f : values()) {
      s.append(s.length() == 0 ? "" : ", ").append(f.displayName);
    }
    return s.toString();
  }

  /**
   * The format a file name or pattern suggests by its suffix, ignoring a whole-file compression
   * suffix ({@code events.txt.gz} is text); empty when the name says nothing.
   */
  public static Optional<DataFormat> fromName(String name) {
    String base = stripCompressionSuffix(baseName(name)).toLowerCase(Locale.ROOT);
    for (DataFormat f : values()) {
      for (String suffix : f.suffixes) {
        if (base.endsWith(suffix)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  /** The whole-file compression a name's suffix implies, {@link Compression#UNCOMPRESSED} if none. */
  static Compression compressionOf(String name) {
    String base = baseName(name);
    for (Compression c : Compression.values()) {
      if (c != Compression.AUTO && c != Compression.UNCOMPRESSED && c.matches(base)) {
        return c;
      }
    }
    return Compression.UNCOMPRESSED;
  }

  static String stripCompressionSuffix(String name) {
    Compression c = compressionOf(name);
    if (c == Compression.UNCOMPRESSED) {
      return name;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : List.of(".gz", ".gzip", ".bz2", ".zip", ".zst", ".zstd", ".lzo",
        ".lzop", ".deflate", ".snappy")) {
      if (lower.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  @Override
  public String toString() {
    return displayName;
  }
}
