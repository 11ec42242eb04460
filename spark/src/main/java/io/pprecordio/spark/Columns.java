package io.pprecordio.spark;

import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a pp_recordio scan can produce: the record, and on request the file it came from,
 * the byte offset of its frame and its index in that frame's block (0 for a frame of one
 * record): {@code (file, offset, index_in_block)} identifies a record, and
 * {@code PPRecordReader.readRecordAt} reads it at {@code new RecordAddress(offset, index_in_block)}.
 */
final class Columns {
  static final String RECORD = "record";
  static final String FILE = "file";
  static final String OFFSET = "offset";
  static final String INDEX_IN_BLOCK = "index_in_block";

  /** The data schema: one binary column (nullable, as Spark makes every file source column). */
  static final StructType SCHEMA = new StructType().add(RECORD, DataTypes.BinaryType);

  static final MetadataColumn[] METADATA = {
    new Metadata(FILE, DataTypes.StringType, "the file the record was read from"),
    new Metadata(OFFSET, DataTypes.LongType, "byte offset of the record's frame in its file"),
    new Metadata(INDEX_IN_BLOCK, DataTypes.IntegerType,
        "the record's index in its frame's block; 0 for a frame that holds one record"),
  };

  private Columns() {}

  /** Whether a user's schema is {@link #SCHEMA}, whatever its nullability or name case. */
  static boolean isRecordSchema(StructType schema) {
    return schema.size() == 1 && schema.fields()[0].name().equalsIgnoreCase(RECORD)
        && schema.fields()[0].dataType().equals(DataTypes.BinaryType);
  }

  /** The metadata fields {@code required} asks for, in the scan's order (as {@link #METADATA}). */
  static StructType requestedMetadata(StructType required) {
    StructType out = new StructType();
    for (MetadataColumn column : METADATA) {
      for (StructField field : required.fields()) {
        if (field.name().equalsIgnoreCase(column.name())) {
          out = out.add(column.name(), column.dataType(), false);
        }
      }
    }
    return out;
  }

  private record Metadata(String name, DataType dataType, String comment)
      implements MetadataColumn {
    @Override
    public boolean isNullable() {
      return false;
    }
  }
}
