package io.pprecordio.spark;

import io.pprecordio.ReaderOptions;
import io.pprecordio.WriterOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.util.SerializableConfiguration;
import scala.Function1;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.mapreduce.Job;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.collection.immutable.Map;

/**
 * The V1 file format Spark 3.5 writes {@code pprecordio} through: Spark's FileFormatWriter and
 * commit protocol write each task's file under a task-attempt directory and move only committed
 * attempts into place, so a failed or retried task leaves neither a partial nor a duplicate file.
 *
 * <p>The frame is one binary column (any name); options {@code codec} ({@code none},
 * {@code gzip}, {@code zstd}), {@code formatVersion} ({@code v1}, {@code v2}) and block mode:
 * {@code block}, {@code blockRecords}, {@code blockBytes}.
 */
public final class PPRecordFileFormat implements FileFormat, DataSourceRegister {
  /** Extension of the files written. */
  public static final String EXTENSION = ".pp_recordio";

  private transient CompressionCodecFactory codecs;

  @Override
  public String shortName() {
    return PPRecordDataSource.SHORT_NAME;
  }

  @Override
  public Option<StructType> inferSchema(SparkSession sparkSession, Map<String, String> options,
      Seq<FileStatus> files) {
    return Option.apply(Columns.SCHEMA);
  }

  @Override
  public OutputWriterFactory prepareWrite(SparkSession sparkSession, Job job,
      Map<String, String> options, StructType dataSchema) {
    if (dataSchema.size() != 1 || dataSchema.fields()[0].dataType() != DataTypes.BinaryType) {
      throw new IllegalArgumentException("pprecordio writes one binary column, the records; got "
          + dataSchema.simpleString() + " (select or cast the record column first)");
    }
    WriterOptions writerOptions = SparkOptions.writerOptions(
        new CaseInsensitiveStringMap(JavaConverters.mapAsJavaMap(options)));
    return new PPRecordOutputWriterFactory(writerOptions);
  }

  /** Every file splits at any byte, unless it is compressed as a whole ({@code .gz}, ...). */
  @Override
  public boolean isSplitable(SparkSession sparkSession, Map<String, String> options,
      org.apache.hadoop.fs.Path path) {
    if (codecs == null) { // once per scan, not per file: it loads every codec class
      codecs = new CompressionCodecFactory(sparkSession.sessionState().newHadoopConf());
    }
    return codecs.getCodec(path) == null;
  }

  /**
   * Reads for Spark's V1 file-source path (catalog tables, {@code useV1SourceList}); ordinary
   * {@code spark.read} goes through the V2 {@link PPRecordDataSource} instead.
   */
  @Override
  public Function1<PartitionedFile, Iterator<InternalRow>> buildReader(SparkSession sparkSession,
      StructType dataSchema, StructType partitionSchema, StructType requiredSchema,
      Seq<Filter> filters, Map<String, String> options, Configuration hadoopConf) {
    ReaderOptions readerOptions = SparkOptions.readerOptions(
        new CaseInsensitiveStringMap(JavaConverters.mapAsJavaMap(options)));
    Broadcast<SerializableConfiguration> conf = sparkSession.sparkContext().broadcast(
        new SerializableConfiguration(hadoopConf),
        ClassTag$.MODULE$.apply(SerializableConfiguration.class));
    return new V1Reader(conf, requiredSchema, readerOptions,
        ReadAccumulators.of(sparkSession.sparkContext()));
  }

  @Override
  public String toString() {
    return PPRecordDataSource.SHORT_NAME;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PPRecordFileFormat;
  }

  @Override
  public int hashCode() {
    return PPRecordFileFormat.class.hashCode();
  }
}
