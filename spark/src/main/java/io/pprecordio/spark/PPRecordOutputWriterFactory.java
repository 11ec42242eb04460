package io.pprecordio.spark;

import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.types.StructType;

/** Creates, in each write task, the writer of one output file. */
final class PPRecordOutputWriterFactory extends OutputWriterFactory {
  private static final long serialVersionUID = 1L;

  private final WriterOptions options;

  PPRecordOutputWriterFactory(WriterOptions options) {
    this.options = options;
  }

  @Override
  public String getFileExtension(TaskAttemptContext context) {
    return PPRecordFileFormat.EXTENSION;
  }

  @Override
  public OutputWriter newInstance(String path, StructType dataSchema,
      TaskAttemptContext context) {
    try {
      Path file = new Path(path);
      FSDataOutputStream out = file.getFileSystem(context.getConfiguration()).create(file, false);
      return new Writer(path, PPRecordWriter.to(out, options, out::hsync));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes each row's one binary column as a record. */
  private static final class Writer extends OutputWriter {
    private final String path;
    private final PPRecordWriter writer;

    Writer(String path, PPRecordWriter writer) {
      this.path = path;
      this.writer = writer;
    }

    @Override
    public void write(InternalRow row) {
      if (row.isNullAt(0)) {
        throw new IllegalArgumentException("pprecordio cannot write a null record (to " + path
            + ", after " + writer.records() + " records)");
      }
      try {
        writer.write(row.getBinary(0));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String path() {
      return path;
    }
  }
}
