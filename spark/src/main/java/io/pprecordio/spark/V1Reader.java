package io.pprecordio.spark;

import io.pprecordio.ReaderOptions;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The V1 read function of {@link PPRecordFileFormat}, for what Spark still reads through V1 file
 * sources: catalog tables ({@code CREATE TABLE ... USING pprecordio}) and sources listed in
 * {@code spark.sql.sources.useV1SourceList}. It reads each file range with the same
 * {@link RangeReader} as the V2 scan.
 */
final class V1Reader extends AbstractFunction1<PartitionedFile, Iterator<InternalRow>>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Broadcast<SerializableConfiguration> conf;
  private final StructType columns;
  private final ReaderOptions options;
  private final ReadAccumulators accumulators;
  private transient CompressionCodecFactory codecs;

  V1Reader(Broadcast<SerializableConfiguration> conf, StructType columns, ReaderOptions options,
      ReadAccumulators accumulators) {
    this.conf = conf;
    this.columns = columns;
    this.options = options;
    this.accumulators = accumulators;
  }

  @Override
  public Iterator<InternalRow> apply(PartitionedFile file) {
    Configuration hadoopConf = conf.value().value();
    if (codecs == null) {
      codecs = new CompressionCodecFactory(hadoopConf);
    }
    RangeReader reader = new RangeReader(hadoopConf, codecs, file, columns, options,
        accumulators);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> close(reader));
    }
    return new AbstractIterator<>() {
      private boolean ready;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (!ready && !done) {
          try {
            ready = reader.next();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (!ready) {
            done = true;
            close(reader);
          }
        }
        return ready;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        return reader.get();
      }
    };
  }

  private static void close(RangeReader reader) {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
