package io.pprecordio.spark;

import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a pp_recordio scan can produce: the record, and on request the file it came from
 * and the byte offset of its frame (a key for {@code PPRecordReader.readRecordAt}).
 */
final class Columns {
  static final String RECORD = "record";
  static final String FILE = "file";
  static final String OFFSET = "offset";

  /** The data schema: one binary column (nullable, as Spark makes every file source column). */
  static final StructType SCHEMA = new StructType().add(RECORD, DataTypes.BinaryType);

  static final MetadataColumn[] METADATA = {
    new Metadata(FILE, DataTypes.StringType, "the file the record was read from"),
    new Metadata(OFFSET, DataTypes.LongType, "byte offset of the record's frame in its file"),
  };

  private Columns() {}

  /** Whether a user's schema is {@link #SCHEMA}, whatever its nullability or name case. */
  static boolean isRecordSchema(StructType schema) {
    return schema.size() == 1 && schema.fields()[0].name().equalsIgnoreCase(RECORD)
        && schema.fields()[0].dataType().equals(DataTypes.BinaryType);
  }

  /** The metadata fields {@code required} asks for, in the scan's order (file, then offset). */
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
