package io.pprecordio.hadoop;

import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads a job's output directory back with core's reader, whatever the file system. */
final class OutputFiles {
  private OutputFiles() {}

  /** One output file: its name, its raw bytes and its records. */
  record Part(String name, byte[] bytes, List<byte[]> records, List<Long> offsets) {}

  static List<Part> read(Configuration conf, Path dir, String suffix) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<Part> parts = new ArrayList<>();
    FileStatus[] statuses = fs.listStatus(dir, p -> p.getName().endsWith(suffix));
    Arrays.sort(statuses);
    for (FileStatus st : statuses) {
      byte[] bytes = new byte[(int) st.getLen()];
      try (FSDataInputStream in = fs.open(st.getPath())) {
        in.readFully(0, bytes);
      }
      List<byte[]> records = new ArrayList<>();
      List<Long> offsets = new ArrayList<>();
      try (PPRecordReader reader = PPRecordReader.open(
          Channels.newChannel(new java.io.ByteArrayInputStream(bytes)), st.getPath().toString(), 0,
          Long.MAX_VALUE, ReaderOptions.defaults(), region -> {
            throw new AssertionError("job output is damaged: " + region);
          })) {
        while (reader.advance()) {
          records.add(reader.record());
          offsets.add(reader.offset());
        }
      }
      parts.add(new Part(st.getPath().getName(), bytes, records, offsets));
    }
    return parts;
  }

  /** Every record of every part, decoded as {@link Tags}, sorted. */
  static List<Rec> tagged(List<Part> parts) {
    List<Rec> all = new ArrayList<>();
    for (Part p : parts) {
      for (byte[] r : p.records()) {
        all.add(Tags.decode(r));
      }
    }
    return Rec.sorted(all);
  }
}
