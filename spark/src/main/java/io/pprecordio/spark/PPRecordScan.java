package io.pprecordio.spark;

import io.pprecordio.ReaderOptions;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FileSourceOptions;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.execution.datasources.PartitioningAwareFileIndex;
import org.apache.spark.sql.execution.datasources.v2.TextBasedFileScan;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.util.SerializableConfiguration;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag$;

/**
 * A pp_recordio scan. Spark's {@code FileScan} plans it: every file is cut into byte ranges of
 * {@code spark.sql.files.maxPartitionBytes}, and ranges (and small files) are packed into
 * partitions the way Parquet or text files are. A file under whole-file compression ({@code .gz})
 * is not split. Reader options are checked here, on the driver, before a task runs.
 */
final class PPRecordScan extends TextBasedFileScan {
  private final SparkSession sparkSession;
  private final PartitioningAwareFileIndex fileIndex;
  private final StructType dataSchema;
  private final StructType readDataSchema;
  private final StructType readPartitionSchema;
  private final CaseInsensitiveStringMap options;
  private final Seq<Expression> partitionFilters;
  private final Seq<Expression> dataFilters;
  private final ReaderOptions readerOptions;

  PPRecordScan(SparkSession sparkSession, PartitioningAwareFileIndex fileIndex,
      StructType dataSchema, StructType readDataSchema, StructType readPartitionSchema,
      CaseInsensitiveStringMap options, Seq<Expression> partitionFilters,
      Seq<Expression> dataFilters) {
    super(sparkSession, options);
    this.sparkSession = sparkSession;
    this.fileIndex = fileIndex;
    this.dataSchema = dataSchema;
    this.readDataSchema = readDataSchema;
    this.readPartitionSchema = readPartitionSchema;
    this.options = options;
    this.partitionFilters = partitionFilters;
    this.dataFilters = dataFilters;
    this.readerOptions = SparkOptions.readerOptions(options);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    Configuration conf = sparkSession.sessionState().newHadoopConf();
    for (Map.Entry<String, String> e : options.asCaseSensitiveMap().entrySet()) {
      if (e.getValue() != null && !e.getKey().equals("path") && !e.getKey().equals("paths")) {
        conf.set(e.getKey(), e.getValue());
      }
    }
    Broadcast<SerializableConfiguration> broadcastConf = sparkSession.sparkContext().broadcast(
        new SerializableConfiguration(conf), ClassTag$.MODULE$.apply(SerializableConfiguration.class));
    FileSourceOptions fileSourceOptions = new FileSourceOptions(
        JavaConverters.mapAsScalaMap(options.asCaseSensitiveMap()).toMap(
            scala.Predef$.MODULE$.$conforms()));
    return new PPRecordReaderFactory(broadcastConf, readDataSchema, readPartitionSchema,
        readerOptions, fileSourceOptions, ReadAccumulators.of(sparkSession.sparkContext()));
  }

  /**
   * FileScan's initializer reads the session's configuration from inside the super constructor,
   * before this class has set its fields (Scala sets a case class's fields first; Java cannot);
   * the scan is built while its session is the active one.
   */
  @Override
  public SparkSession sparkSession() {
    return sparkSession != null ? sparkSession : SparkSession.active();
  }

  @Override
  public PartitioningAwareFileIndex fileIndex() {
    return fileIndex;
  }

  @Override
  public StructType dataSchema() {
    return dataSchema;
  }

  @Override
  public StructType readDataSchema() {
    return readDataSchema;
  }

  @Override
  public StructType readPartitionSchema() {
    return readPartitionSchema;
  }

  @Override
  public Seq<Expression> partitionFilters() {
    return partitionFilters;
  }

  @Override
  public Seq<Expression> dataFilters() {
    return dataFilters;
  }

  /** Scans of the same files under different reader options are different scans. */
  @Override
  public boolean equals(Object o) {
    return super.equals(o) && o instanceof PPRecordScan
        && readerOptions.equals(((PPRecordScan) o).readerOptions);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
