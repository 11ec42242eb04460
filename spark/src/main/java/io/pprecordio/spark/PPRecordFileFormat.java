package io.pprecordio.spark;

import io.pprecordio.WriterOptions;
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
 * {@code gzip}, {@code zstd}) and {@code formatVersion} ({@code v1}, {@code v2}).
 */
public final class PPRecordFileFormat implements FileFormat, DataSourceRegister {
  /** Extension of the files written. */
  public static final String EXTENSION = ".pp_recordio";

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
