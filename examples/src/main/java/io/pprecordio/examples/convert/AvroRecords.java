package io.pprecordio.examples.convert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Records as Avro sees them, for Avro container files and Parquet (whose Beam IO speaks Avro's
 * {@link GenericRecord}): on input, the bytes of one field of any record schema; on output, a
 * record schema of one {@code bytes} field.
 */
final class AvroRecords {
  /** The field the job writes when {@code --field} names none. */
  static final String DEFAULT_FIELD = "record";

  private AvroRecords() {}

  /** The output schema: a record {@code io.pprecordio.Record} of one {@code bytes} field. */
  static Schema schema(String field) {
    try {
      return SchemaBuilder.record("Record").namespace("io.pprecordio")
          .doc("One pp_recordio record, as the conversion job writes it")
          .fields().requiredBytes(field).endRecord();
    } catch (SchemaParseException e) {
      throw new IllegalArgumentException("'" + field + "' is not an Avro field name: "
          + e.getMessage());
    }
  }

  /**
   * The bytes of one field of each record: {@code bytes}, {@code fixed} or {@code string} (as
   * UTF-8), or a union of null and one of them. With no field named, the schema's only field.
   */
  static final class FieldBytes implements SerializableFunction<GenericRecord, byte[]> {
    private static final long serialVersionUID = 1L;
    private final String field;

    /** @param field the field to read, or null for the only one */
    FieldBytes(String field) {
      this.field = field;
    }

    @Override
    public byte[] apply(GenericRecord record) {
      Schema schema = record.getSchema();
      Schema.Field f = field != null ? schema.getField(field) : onlyField(schema);
      if (f == null) {
        throw new IllegalArgumentException("records of schema " + schema.getFullName()
            + " have no field '" + field + "'; --field must be one of " + names(schema));
      }
      Object value = record.get(f.pos());
      if (value instanceof ByteBuffer) {
        ByteBuffer b = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
      }
      if (value instanceof GenericFixed) {
        return ((GenericFixed) value).bytes().clone();
      }
      if (value instanceof CharSequence) {
        return value.toString().getBytes(StandardCharsets.UTF_8);
      }
      throw new IllegalArgumentException("field '" + f.name() + "' of schema "
          + schema.getFullName() + " holds " + (value == null ? "null"
              : f.schema().getType().getName()) + ", not bytes or a string");
    }

    private static Schema.Field onlyField(Schema schema) {
      if (schema.getFields().size() != 1) {
        throw new IllegalArgumentException("records of schema " + schema.getFullName()
            + " have " + schema.getFields().size() + " fields " + names(schema)
            + "; name the one to convert with --field");
      }
      return schema.getFields().get(0);
    }

    private static List<String> names(Schema schema) {
      List<String> names = new ArrayList<>();
      for (Schema.Field f : schema.getFields()) {
        names.add(f.name());
      }
      return names;
    }
  }

  /** A record as a {@link GenericRecord} of the output schema, for Avro's and Parquet's sinks. */
  static final class ToGenericRecord extends DoFn<byte[], GenericRecord> {
    private static final long serialVersionUID = 1L;
    /** As JSON: a DoFn must serialize, and Avro 1.11's schemas need not. */
    private final String schemaJson;
    private transient Schema schema;

    ToGenericRecord(Schema schema) {
      this.schemaJson = schema.toString();
    }

    @Setup
    public void setup() {
      schema = new Schema.Parser().parse(schemaJson);
    }

    @ProcessElement
    public void process(@Element byte[] record, OutputReceiver<GenericRecord> out) {
      GenericData.Record r = new GenericData.Record(schema);
      r.put(0, ByteBuffer.wrap(record));
      out.output(r);
    }
  }
}
