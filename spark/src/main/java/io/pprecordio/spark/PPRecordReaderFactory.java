package io.pprecordio.spark;

import io.pprecordio.ReaderOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.FileSourceOptions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.execution.datasources.v2.FilePartitionReaderFactory;
import org.apache.spark.sql.execution.datasources.v2.PartitionReaderWithPartitionValues;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Runs in the tasks: one {@link RangeReader} per file range of a partition. Spark's
 * {@link FilePartitionReaderFactory} chains the ranges of a packed partition and applies
 * {@code ignoreCorruptFiles} and {@code ignoreMissingFiles}.
 */
final class PPRecordReaderFactory extends FilePartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final Broadcast<SerializableConfiguration> conf;
  private final StructType readDataSchema;
  private final StructType partitionSchema;
  private final ReaderOptions readerOptions;
  private final FileSourceOptions fileSourceOptions;
  private final ReadAccumulators accumulators;
  /** Built once per task, not per file: it loads every codec class. */
  private transient CompressionCodecFactory codecs;

  PPRecordReaderFactory(Broadcast<SerializableConfiguration> conf, StructType readDataSchema,
      StructType partitionSchema, ReaderOptions readerOptions, FileSourceOptions fileSourceOptions,
      ReadAccumulators accumulators) {
    this.conf = conf;
    this.readDataSchema = readDataSchema;
    this.partitionSchema = partitionSchema;
    this.readerOptions = readerOptions;
    this.fileSourceOptions = fileSourceOptions;
    this.accumulators = accumulators;
  }

  @Override
  public FileSourceOptions options() {
    return fileSourceOptions;
  }

  @Override
  public PartitionReader<InternalRow> buildReader(PartitionedFile file) {
    Configuration hadoopConf = conf.value().value();
    if (codecs == null) {
      codecs = new CompressionCodecFactory(hadoopConf);
    }
    RangeReader reader = new RangeReader(hadoopConf, codecs, file, readDataSchema, readerOptions,
        accumulators);
    if (partitionSchema.isEmpty()) {
      return reader;
    }
    return new PartitionReaderWithPartitionValues(reader, readDataSchema, partitionSchema,
        file.partitionValues());
  }
}
