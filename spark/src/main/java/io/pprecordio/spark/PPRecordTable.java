package io.pprecordio.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.v2.FileTable;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.Option;
import scala.collection.Seq;

/**
 * pp_recordio files as a table: one {@code record: binary} column, the metadata columns
 * {@code file}, {@code offset} and {@code index_in_block}, and any partition columns of the
 * directory layout. Spark's {@link FileTable} lists the files (globs included) and discovers
 * partitions.
 */
final class PPRecordTable extends FileTable implements SupportsMetadataColumns {
  private final String name;
  private final SparkSession sparkSession;

  PPRecordTable(String name, SparkSession sparkSession, CaseInsensitiveStringMap options,
      Seq<String> paths, Option<StructType> userSpecifiedSchema) {
    super(sparkSession, options, paths, userSpecifiedSchema);
    this.name = name;
    this.sparkSession = sparkSession;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Option<StructType> inferSchema(Seq<FileStatus> files) {
    return Option.apply(Columns.SCHEMA);
  }

  @Override
  public String formatName() {
    return PPRecordDataSource.SHORT_NAME;
  }

  @Override
  public Class<? extends FileFormat> fallbackFileFormat() {
    return PPRecordFileFormat.class;
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return new PPRecordScanBuilder(sparkSession, fileIndex(), dataSchema(), options);
  }

  /**
   * Spark 3.5 writes file sources through their V1 {@link #fallbackFileFormat()}; this V2 path is
   * reached only by catalog APIs that file sources do not support.
   */
  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    throw new UnsupportedOperationException(
        "write pp_recordio with df.write.format(\"pprecordio\").save(path)");
  }

  @Override
  public MetadataColumn[] metadataColumns() {
    return Columns.METADATA.clone();
  }
}
