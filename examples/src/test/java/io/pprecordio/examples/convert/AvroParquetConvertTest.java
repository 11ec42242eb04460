package io.pprecordio.examples.convert;

import static io.pprecordio.examples.convert.Datasets.assertSameRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro container files and Parquet in both directions, through Beam's AvroIO and ParquetIO: the
 * job's own one-field schema round-trips binary records exactly, and a field of any record
 * schema, written by Avro and Parquet themselves, is read with --field.
 */
class AvroParquetConvertTest {
  @TempDir
  Path dir;

  private ConvertSummary run(String... args) throws IOException {
    ConvertSummary summary = ConvertJob.run(PipelineOptionsFactory.fromArgs(args)
        .withValidation().as(ConvertOptions.class), note -> { });
    assertEquals(List.of(), summary.problems(), summary::render);
    return summary;
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  /** Random binary records, an empty one among them. */
  private static List<byte[]> binaryRecords(int n) {
    Random random = new Random(11);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] r = new byte[i == 3 ? 0 : random.nextInt(3000)];
      random.nextBytes(r);
      records.add(r);
    }
    return records;
  }

  private List<byte[]> writePPRecordIO(List<byte[]> records) throws IOException {
    Files.createDirectories(dir.resolve("pp"));
    try (var writer = io.pprecordio.PPRecordWriter.create(dir.resolve("pp/in.pp_recordio"))) {
      for (byte[] r : records) {
        writer.write(r);
      }
    }
    return records;
  }

  private static List<byte[]> readAvroField(Path file, String field) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(),
        new GenericDatumReader<>())) {
      assertEquals(List.of(field), reader.getSchema().getFields().stream()
          .map(Schema.Field::name).toList());
      for (GenericRecord r : reader) {
        out.add(bytes((ByteBuffer) r.get(field)));
      }
    }
    return out;
  }

  private static List<byte[]> readParquetField(Path file, String field) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()),
            new Configuration())).build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        out.add(bytes((ByteBuffer) r.get(field)));
      }
    }
    return out;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** Reads the records of one field of a written file. */
  private interface FieldReader {
    List<byte[]> read(Path file, String field) throws IOException;
  }

  /**
   * pp_recordio to {@code shards} files of {@code suffix}, each file read back with the format's
   * own reader, then back to pp_recordio: the same records both ways.
   */
  private void assertRoundTrip(int n, String suffix, int shards, String field,
      FieldReader reader, String... options) throws IOException {
    List<byte[]> records = writePPRecordIO(binaryRecords(n));
    List<String> args = new ArrayList<>(List.of("--input=" + path("pp/in.pp_recordio"),
        "--output=" + path("out/records@" + shards + suffix)));
    args.addAll(List.of(options));
    assertEquals(OptionalLong.of(n), run(args.toArray(new String[0])).recordsOut());
    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      written.addAll(reader.read(dir.resolve(String.format("out/records-%05d-of-%05d%s", i,
          shards, suffix)), field));
    }
    assertSameRecords(records, written);

    ConvertSummary back = run("--input=" + path("out/records@" + shards + suffix),
        "--output=" + path("back/records@2.pp_recordio"));
    assertEquals(n, back.recordsIn());
    assertSameRecords(records, Datasets.readShards(path("back/records"), 2, ".pp_recordio",
        Datasets::readPPRecordIO));
  }

  @Test
  void ppRecordIOToAvroAndBackGivesTheSameRecords() throws IOException {
    assertRoundTrip(500, ".avro", 3, "record", AvroParquetConvertTest::readAvroField);
  }

  @Test
  void ppRecordIOToParquetAndBackGivesTheSameRecords() throws IOException {
    assertRoundTrip(400, ".parquet", 2, "payload", AvroParquetConvertTest::readParquetField,
        "--field=payload");
  }

  /** A schema of several fields, as other tools write it: --field picks the records. */
  private static final Schema EVENT = SchemaBuilder.record("Event").namespace("example")
      .fields().requiredLong("id").requiredBytes("payload").requiredString("note")
      .optionalBytes("extra").endRecord();

  private static GenericRecord event(int i, byte[] payload) {
    GenericRecord r = new GenericData.Record(EVENT);
    r.put("id", (long) i);
    r.put("payload", ByteBuffer.wrap(payload));
    r.put("note", "note " + i + " \u00e9");
    r.put("extra", i % 2 == 0 ? null : ByteBuffer.wrap(new byte[] {(byte) i}));
    return r;
  }

  @Test
  void aFieldOfAnyAvroSchemaIsReadWithField() throws IOException {
    List<byte[]> payloads = binaryRecords(120);
    Path avro = dir.resolve("events.avro");
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(
        new GenericDatumWriter<GenericRecord>(EVENT))) {
      writer.create(EVENT, avro.toFile());
      for (int i = 0; i < payloads.size(); i++) {
        writer.append(event(i, payloads.get(i)));
      }
    }
    run("--input=" + avro, "--field=payload", "--output=" + path("p@1.pp_recordio"));
    assertSameRecords(payloads, Datasets.readPPRecordIO(dir.resolve(
        "p-00000-of-00001.pp_recordio")));
    // No suffix: the format is told by the file's first bytes.
    Path unnamed = Files.copy(avro, dir.resolve("events-data"));
    run("--input=" + unnamed, "--field=payload", "--output=" + path("q@1.pp_recordio"));
    assertSameRecords(payloads, Datasets.readPPRecordIO(dir.resolve(
        "q-00000-of-00001.pp_recordio")));

    run("--input=" + avro, "--field=note", "--output=" + path("n@1.txt"));
    List<String> notes = Files.readAllLines(dir.resolve("n-00000-of-00001.txt"),
        StandardCharsets.UTF_8);
    assertEquals(120, notes.size());
    assertTrue(notes.contains("note 7 \u00e9"), notes.toString());

    // Without --field, a schema of several fields cannot be read: the pipeline says which.
    RuntimeException failed = assertThrows(RuntimeException.class,
        () -> run("--input=" + avro, "--output=" + path("x@1.pp_recordio")));
    assertTrue(rootMessage(failed).contains("have 4 fields [id, payload, note, extra]; name the"
        + " one to convert with --field"), rootMessage(failed));
    RuntimeException wrongType = assertThrows(RuntimeException.class,
        () -> run("--input=" + avro, "--field=id", "--output=" + path("y@1.pp_recordio")));
    assertTrue(rootMessage(wrongType).contains("field 'id' of schema example.Event holds long,"
        + " not bytes or a string"), rootMessage(wrongType));
  }

  @Test
  void aColumnOfAnyParquetSchemaIsReadWithField() throws IOException {
    List<byte[]> payloads = binaryRecords(90);
    Path parquet = dir.resolve("events.parquet");
    try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
        HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(parquet.toUri()),
            new Configuration())).withSchema(EVENT).build()) {
      for (int i = 0; i < payloads.size(); i++) {
        writer.write(event(i, payloads.get(i)));
      }
    }
    // No suffix on the input: the format is told by the file's first bytes.
    Path unnamed = Files.copy(parquet, dir.resolve("events-data"));
    run("--input=" + unnamed, "--field=payload", "--output=" + path("p@2.tfrecord"));
    List<byte[]> back = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      back.addAll(Datasets.readTfRecords(dir.resolve(String.format("p-%05d-of-00002.tfrecord",
          i))));
    }
    assertSameRecords(payloads, back);
  }

  @Test
  void mistakesAreOneLineErrorsNamingTheOption() throws IOException {
    writePPRecordIO(binaryRecords(3));
    String in = "--input=" + path("pp/in.pp_recordio");
    assertEquals("--field applies to avro and parquet only; the input is pp_recordio and the"
        + " output text", assertThrows(IllegalArgumentException.class,
            () -> run(in, "--output=" + path("t@1.txt"), "--field=x")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> run(in, "--output=" + path("a@1.avro"), "--field=not a name")).getMessage()
        .startsWith("--field: 'not a name' is not an Avro field name"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> run(in, "--output=" + path("a@1.avro"), "--compression=gzip")).getMessage()
        .startsWith("--compression applies to text, tfrecord and sequencefile output"));
  }

  private static String rootMessage(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
