package io.pprecordio.examples.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pprecordio.PPRecordReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.io.TFRecordIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Datasets in every format the job converts, written and read by each format's own library
 * (Beam's TFRecordIO, Hadoop's SequenceFile, core) or, for TFRecord output, by an independent
 * parser that checks every CRC32C, so that the job is checked against code it does not share.
 */
final class Datasets {
  private Datasets() {}

  /** Records as hex strings, sorted: a multiset that shows a difference readably. */
  static List<String> multiset(Collection<byte[]> records) {
    HexFormat hex = HexFormat.of();
    return records.stream().map(hex::formatHex).sorted().collect(Collectors.toList());
  }

  static void assertSameRecords(Collection<byte[]> expected, Collection<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "record count");
    assertEquals(multiset(expected), multiset(actual), "records");
  }

  /** Writes TFRecord files with Beam's own writer: {@code prefix-SSSSS-of-NNNNN.tfrecord}. */
  static void writeTfRecords(String prefix, List<byte[]> records, int shards) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(records).withCoder(ByteArrayCoder.of()))
        .apply(TFRecordIO.write().to(prefix).withSuffix(".tfrecord").withNumShards(shards));
    p.run().waitUntilFinish();
  }

  /** Parses a TFRecord file, checking both masked CRC32Cs of every record. */
  static List<byte[]> readTfRecords(Path file) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(file.toString().endsWith(".gz")
            ? new GZIPInputStream(raw) : raw)) {
      byte[] header = new byte[12];
      while (true) {
        try {
          in.readFully(header);
        } catch (EOFException e) {
          return records;
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = h.getLong(0);
        assertEquals(masked(header, 0, 8), h.getInt(8), "length CRC in " + file);
        byte[] data = new byte[(int) length];
        in.readFully(data);
        byte[] crc = new byte[4];
        in.readFully(crc);
        assertEquals(masked(data, 0, data.length),
            ByteBuffer.wrap(crc).order(ByteOrder.LITTLE_ENDIAN).getInt(), "data CRC in " + file);
        records.add(data);
      }
    }
  }

  private static int masked(byte[] b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  /** Writes a SequenceFile with Hadoop's writer. */
  static void writeSequenceFile(Path file, Class<? extends Writable> keyClass,
      List<? extends Writable> keys, List<? extends Writable> values,
      SequenceFile.CompressionType compression) throws IOException {
    Configuration conf = new Configuration();
    try (SequenceFile.Writer writer = SequenceFile.createWriter(conf,
        SequenceFile.Writer.file(new org.apache.hadoop.fs.Path(file.toUri())),
        SequenceFile.Writer.keyClass(keyClass),
        SequenceFile.Writer.valueClass(values.get(0).getClass()),
        SequenceFile.Writer.compression(compression),
        SequenceFile.Writer.blockSize(1 << 20))) {
      for (int i = 0; i < values.size(); i++) {
        writer.append(keys.get(i), values.get(i));
        if (i % 50 == 49) {
          writer.sync(); // sync markers where a range reader may start
        }
      }
    }
  }

  /** The values of a SequenceFile, read with Hadoop's reader. */
  static List<byte[]> readSequenceFileValues(Path file) throws IOException {
    Configuration conf = new Configuration();
    List<byte[]> values = new ArrayList<>();
    try (SequenceFile.Reader reader = new SequenceFile.Reader(conf,
        SequenceFile.Reader.file(new org.apache.hadoop.fs.Path(file.toUri())))) {
      Writable key = (Writable) ReflectionUtils.newInstance(reader.getKeyClass(), conf);
      Writable value = (Writable) ReflectionUtils.newInstance(reader.getValueClass(), conf);
      while (reader.next(key, value)) {
        if (value instanceof BytesWritable) {
          values.add(((BytesWritable) value).copyBytes());
        } else if (value instanceof Text) {
          values.add(((Text) value).copyBytes());
        } else {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          value.write(new java.io.DataOutputStream(out));
          values.add(out.toByteArray());
        }
      }
    }
    return values;
  }

  static List<byte[]> readPPRecordIO(Path file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (PPRecordReader r = PPRecordReader.open(file)) {
      while (r.advance()) {
        out.add(r.record());
      }
      assertEquals(0, r.stats().corruptRegions(), "corrupt regions in " + file);
    }
    return out;
  }

  /** Text lines as the job reads them: split at \n, without the terminator. */
  static List<byte[]> readLines(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (file.toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        all = in.readAllBytes();
      }
    }
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(all, start, i));
        start = i + 1;
      }
    }
    if (start < all.length) {
      lines.add(java.util.Arrays.copyOfRange(all, start, all.length));
    }
    return lines;
  }

  /** Every file of a shard spec {@code prefix@n + suffix}, read with {@code reader}. */
  static List<byte[]> readShards(String prefix, int n, String suffix, ShardReader reader)
      throws IOException {
    List<byte[]> all = new ArrayList<>();
    for (String name : io.pprecordio.ShardSpec.of(prefix, n, suffix).shardNames()) {
      all.addAll(reader.read(Path.of(name)));
    }
    return all;
  }

  interface ShardReader {
    List<byte[]> read(Path file) throws IOException;
  }
}
