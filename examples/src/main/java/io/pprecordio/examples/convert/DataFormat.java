package io.pprecordio.examples.convert;

import io.pprecordio.CorruptRegion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.file.DataFileConstants;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.parquet.hadoop.ParquetFileWriter;

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
      List.of("pprecordio", "pp-recordio", "pp", "ppr")),
  /**
   * Avro container files (Beam's AvroIO): a record is the bytes of one field of any record
   * schema on read ({@code --field}, or the only field), one {@code bytes} field on write.
   */
  AVRO("avro", ".avro", List.of(".avro"), List.of()),
  /** Parquet (Beam's ParquetIO): a record is one {@code binary} column, as for Avro. */
  PARQUET("parquet", ".parquet", List.of(".parquet", ".pq"), List.of("pq"));

  /** How many leading bytes {@link #sniff} looks at. */
  private static final int SNIFF_BYTES = 4096;

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

  /**
   * Whether the format compresses inside its files, with its own codecs, rather than being
   * compressed whole (text, TFRecord); pp_recordio compresses record by record ({@code --codec}).
   */
  boolean compressesInside() {
    return this == SEQUENCEFILE || this == AVRO || this == PARQUET;
  }

  /** Whether the format's records are one field of Avro records ({@code --field}). */
  boolean hasFields() {
    return this == AVRO || this == PARQUET;
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
    String base = FileCompression.strip(FileCompression.baseName(name)).toLowerCase(Locale.ROOT);
    for (DataFormat f : values()) {
      for (String suffix : f.suffixes) {
        if (base.endsWith(suffix)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Guesses a file's format from its first bytes (decompressed, if its name says it is
   * compressed whole): a SequenceFile by its magic, pp_recordio by core's reader finding a frame
   * at offset 0, a TFRecord by the checksum of its first length, text by being UTF-8 text.
   *
   * @throws IllegalArgumentException if the bytes match no format, naming the file
   */
  static DataFormat sniff(Metadata file) throws IOException {
    String name = file.resourceId().toString();
    byte[] head = new byte[SNIFF_BYTES];
    int n;
    try (InputStream in = Channels.newInputStream(
        Compression.detect(name).readDecompressed(FileSystems.open(file.resourceId())))) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 4 && head[0] == 'S' && head[1] == 'E' && head[2] == 'Q') {
      return SEQUENCEFILE; // org.apache.hadoop.io.SequenceFile's VERSION bytes
    }
    if (startsWith(head, n, DataFileConstants.MAGIC)) {
      return AVRO;
    }
    if (startsWith(head, n, ParquetFileWriter.MAGIC)) {
      return PARQUET;
    }
    if (startsWithFrame(head, n)) {
      return PPRECORDIO;
    }
    if (TfRecordFraming.startsWithHeader(head, n)) {
      return TFRECORD;
    }
    if (n > 0 && isText(head, n)) {
      return TEXT;
    }
    throw new IllegalArgumentException("cannot tell the format of " + name
        + (n == 0 ? " (it is empty)" : "") + "; name it with --inputFormat (" + names() + ")");
  }

  /**
   * Whether core's reader finds a frame at offset 0 of the sample: a whole record, or a first
   * frame too long for the sample, which the reader reports as a torn tail at offset 0.
   */
  private static boolean startsWithFrame(byte[] head, int n) {
    CorruptRegion[] first = {null};
    try (PPRecordReader reader = PPRecordReader.open(
        Channels.newChannel(new ByteArrayInputStream(head, 0, n)), "sample", 0, Long.MAX_VALUE,
        ReaderOptions.defaults(), region -> {
          if (first[0] == null) {
            first[0] = region;
          }
        })) {
      if (reader.advance()) {
        return reader.offset() == 0;
      }
      return first[0] != null && first[0].offset() == 0 && first[0].isTornTail();
    } catch (IOException e) {
      return false; // e.g. a "frame" longer than any record may be: not this format
    }
  }

  private static boolean startsWith(byte[] head, int n, byte[] magic) {
    return n >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }

  private static boolean isText(byte[] head, int n) {
    for (int i = 0; i < n; i++) {
      int b = head[i] & 0xff;
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    // A full sample may end inside a multi-byte character: decode it as unfinished input then.
    boolean wholeFile = n < head.length;
    CoderResult result = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(head, 0, n), CharBuffer.allocate(n), wholeFile);
    return !result.isError();
  }

  @Override
  public String toString() {
    return displayName;
  }
}
