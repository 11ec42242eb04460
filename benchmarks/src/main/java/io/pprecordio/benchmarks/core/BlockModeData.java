package io.pprecordio.benchmarks.core;

import io.pprecordio.Codec;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;
import io.pprecordio.benchmarks.BenchFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TFRecordIO;

/**
 * The block mode data set (issue 12): {@link #RECORDS} {@link JsonLikeRecords} stored four ways,
 * written once under {@code BenchFiles.dir()/block-mode} and reused by {@link BlockModeBenchmark}
 * and {@link BlockSizes}.
 */
final class BlockModeData {
  private BlockModeData() {}

  /** A million records of about 100 bytes: about 100 MB of records. */
  static final int RECORDS = 1_000_000;

  /** The four ways the records are stored. */
  enum Layout {
    /** Block mode with its defaults: zstd level 3, blocks of 4096 records or 128 KiB. */
    BLOCK_ZSTD("block-zstd.pp_recordio", WriterOptions.defaults().withCodec(Codec.ZSTD)
        .withBlock()),
    /** One v2 frame per record, each record compressed on its own with zstd level 3. */
    RECORD_ZSTD("record-zstd.pp_recordio", WriterOptions.defaults().withCodec(Codec.ZSTD)),
    /** One v2 frame per record, uncompressed (the writer's defaults). */
    FRAMES_NONE("frames-none.pp_recordio", WriterOptions.defaults()),
    /** TFRecord (Beam's {@code TFRecordIO.sink()}), then gzip over the whole file. */
    TFRECORD_GZIP("records.tfrecord.gz", null);

    final String fileName;
    final WriterOptions options;

    Layout(String fileName, WriterOptions options) {
      this.fileName = fileName;
      this.options = options;
    }
  }

  static Path dir() throws IOException {
    Path dir = BenchFiles.dir().resolve("block-mode");
    Files.createDirectories(dir);
    return dir;
  }

  static Path file(Layout layout) throws IOException {
    return dir().resolve(layout.fileName);
  }

  /** Writes the four files unless a complete earlier run left them; returns the directory. */
  static Path ensure() throws IOException {
    Path dir = dir();
    Path done = dir.resolve("COMPLETE");
    if (Files.exists(done) && Files.readString(done).trim().equals(Integer.toString(RECORDS))) {
      return dir;
    }
    Files.deleteIfExists(done);
    byte[][] records = JsonLikeRecords.generate(RECORDS);
    for (Layout layout : Layout.values()) {
      Path file = dir.resolve(layout.fileName);
      if (layout == Layout.TFRECORD_GZIP) {
        try (OutputStream out = Files.newOutputStream(file)) {
          writeTfRecordGzip(records, out);
        }
      } else {
        try (PPRecordWriter w = PPRecordWriter.create(file, layout.options)) {
          for (byte[] r : records) {
            w.write(r);
          }
        }
      }
    }
    Files.writeString(done, RECORDS + "\n");
    return dir;
  }

  /**
   * TFRecord framing as TensorFlow writes it (Beam's sink: length, masked CRC-32C of the length,
   * data, masked CRC-32C of the data), deflated as one gzip stream at the default level, as
   * {@code TFRecordIO.write().withCompression(GZIP)} and TensorFlow's GZIP option store it.
   */
  static void writeTfRecordGzip(byte[][] records, OutputStream target) throws IOException {
    // Buffered in front of the deflater: the sink makes three small writes per record.
    try (OutputStream gzip = new BufferedOutputStream(new GZIPOutputStream(target, 1 << 16),
        1 << 16)) {
      WritableByteChannel channel = Channels.newChannel(gzip);
      FileIO.Sink<byte[]> sink = TFRecordIO.sink();
      sink.open(channel);
      for (byte[] r : records) {
        sink.write(r);
      }
      sink.flush();
    }
  }

  /**
   * Writes the records with these options to a {@link NullChannel}; returns the bytes written
   * (the file size they would make), read from the writer's position.
   */
  static long writeToNull(byte[][] records, WriterOptions options) throws IOException {
    PPRecordWriter w = PPRecordWriter.to(new NullChannel(), options);
    try (w) {
      for (byte[] r : records) {
        w.write(r);
      }
    }
    return w.position();
  }
}
