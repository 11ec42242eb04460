package io.pprecordio.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.execution.datasources.PartitioningAwareFileIndex;
import org.apache.spark.sql.execution.datasources.v2.FileScanBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Builds a {@link PPRecordScan} for the columns a query needs: the record, the metadata columns
 * {@code file}, {@code offset} and {@code index_in_block} when asked for, and the partition
 * columns.
 */
final class PPRecordScanBuilder extends FileScanBuilder {
  private final SparkSession sparkSession;
  private final PartitioningAwareFileIndex fileIndex;
  private final StructType dataSchema;
  private final CaseInsensitiveStringMap options;

  PPRecordScanBuilder(SparkSession sparkSession, PartitioningAwareFileIndex fileIndex,
      StructType dataSchema, CaseInsensitiveStringMap options) {
    super(sparkSession, fileIndex, dataSchema);
    this.sparkSession = sparkSession;
    this.fileIndex = fileIndex;
    this.dataSchema = dataSchema;
    this.options = options;
  }

  @Override
  public Scan build() {
    StructType read = readDataSchema();
    for (StructField field : Columns.requestedMetadata(requiredSchema()).fields()) {
      read = read.add(field);
    }
    return new PPRecordScan(sparkSession, fileIndex, dataSchema, read, readPartitionSchema(),
        options, partitionFilters(), dataFilters());
  }
}
