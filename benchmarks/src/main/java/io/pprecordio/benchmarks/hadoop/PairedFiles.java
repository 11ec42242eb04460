package io.pprecordio.benchmarks.hadoop;

import io.pprecordio.PPRecordWriter;
import io.pprecordio.benchmarks.BenchFiles;
import io.pprecordio.hadoop.PPRecordOutputFormat;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;

/**
 * The same random records as a pp_recordio file (v2, uncompressed) and as an uncompressed
 * {@code SequenceFile<NullWritable, BytesWritable>}, written once through Hadoop's local file
 * system (so both carry {@code .crc} files and are read with its checksums) and reused across
 * runs. The Hadoop and Spark read benchmarks compare their readers over these.
 */
public final class PairedFiles {
  /** The pp_recordio file. */
  public final Path pp;
  /** The SequenceFile. */
  public final Path seq;

  private PairedFiles(Path pp, Path seq) {
    this.pp = pp;
    this.seq = seq;
  }

  /**
   * The pair {@code <BenchFiles.dir()>/<subdir>/<prefix>-<recordBytes>x<totalBytes>.*}, written if
   * missing, then read once so that the runs find both (and their checksums) in the page cache.
   */
  public static PairedFiles of(Configuration conf, String subdir, String prefix, int recordBytes,
      long totalBytes) throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    java.nio.file.Path dir = BenchFiles.dir().resolve(subdir);
    java.nio.file.Files.createDirectories(dir);
    String tag = prefix + "-" + recordBytes + "x" + totalBytes;
    Path pp = new Path(dir.resolve(tag + ".pp_recordio").toUri().toString());
    Path seq = new Path(dir.resolve(tag + ".seq").toUri().toString());
    if (!fs.exists(pp) || !fs.exists(seq)) {
      write(conf, fs, pp, seq, recordBytes, totalBytes);
    }
    for (Path p : new Path[] {pp, seq}) {
      BenchFiles.warm(Paths.get(p.toUri()));
      Path crc = new Path(p.getParent(), "." + p.getName() + ".crc");
      BenchFiles.warm(Paths.get(crc.toUri()));
    }
    return new PairedFiles(pp, seq);
  }

  private static void write(Configuration conf, FileSystem fs, Path pp, Path seq,
      int recordBytes, long totalBytes) throws IOException {
    Path ppTmp = pp.suffix(".tmp");
    Path seqTmp = seq.suffix(".tmp");
    Random rnd = new Random(42);
    byte[] record = new byte[recordBytes];
    BytesWritable value = new BytesWritable();
    try (PPRecordWriter ppOut = PPRecordOutputFormat.createWriter(conf, ppTmp, null);
        SequenceFile.Writer seqOut = SequenceFile.createWriter(conf,
            SequenceFile.Writer.file(seqTmp),
            SequenceFile.Writer.keyClass(NullWritable.class),
            SequenceFile.Writer.valueClass(BytesWritable.class),
            SequenceFile.Writer.compression(SequenceFile.CompressionType.NONE))) {
      for (long i = totalBytes / recordBytes; i > 0; i--) {
        rnd.nextBytes(record);
        ppOut.write(record);
        value.set(record, 0, record.length);
        seqOut.append(NullWritable.get(), value);
      }
    }
    fs.delete(pp, false);
    fs.delete(seq, false);
    fs.rename(ppTmp, pp);
    fs.rename(seqTmp, seq);
  }
}
