package io.pprecordio.beam;

import static io.pprecordio.beam.Pipelines.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.PPRecordReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import org.apache.beam.model.pipeline.v1.ExternalTransforms.SchemaTransformPayload;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.expansion.service.ExpansionService;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaTranslation;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.construction.External;
import org.apache.beam.sdk.util.construction.PipelineTranslation;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read and write SchemaTransformProviders: found through ServiceLoader as an expansion
 * service finds them, run on the DirectRunner, and expanded by a real {@link ExpansionService}
 * the way Python's {@code SchemaAwareExternalTransform} and Beam YAML's {@code javaJar} provider
 * ask for them.
 */
class SchemaTransformsTest {
  @TempDir Path dir;

  static SchemaTransformProvider provider(String identifier) {
    for (SchemaTransformProvider provider : ServiceLoader.load(SchemaTransformProvider.class)) {
      if (provider.identifier().equals(identifier)) {
        return provider;
      }
    }
    throw new AssertionError("no SchemaTransformProvider " + identifier + " on the class path");
  }

  /** A configuration row from field values, in the provider's own configuration schema. */
  static Row config(SchemaTransformProvider provider, Map<String, Object> values) {
    Schema schema = provider.configurationSchema();
    Row.Builder row = Row.withSchema(schema);
    for (Schema.Field field : schema.getFields()) {
      row.addValue(values.get(field.getName()));
    }
    return row.build();
  }

  @Test
  void writeThenReadThroughTheProviders() throws IOException {
    List<byte[]> records = Records.first(500);
    Schema input = Schema.builder().addByteArrayField("record").build();
    List<Row> rows = new ArrayList<>();
    for (byte[] record : records) {
      rows.add(Row.withSchema(input).addValue(record).build());
    }
    String prefix = dir.resolve("out/data").toString();
    SchemaTransformProvider write = provider(PPRecordWriteSchemaTransformProvider.IDENTIFIER);
    Pipeline p = Pipelines.direct();
    PCollection<Row> in = p.apply(Create.of(rows).withRowSchema(input));
    PCollectionRowTuple.of("input", in).apply(write.from(config(write, Map.of(
        "output_prefix", prefix, "num_shards", 3, "codec", "zstd"))));
    Pipelines.run(p);
    List<byte[]> written = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      Path file = Path.of(prefix + String.format("-%05d-of-00003.pp_recordio", shard));
      try (PPRecordReader reader = PPRecordReader.open(file)) {
        while (reader.advance()) {
          assertEquals(io.pprecordio.Codec.ZSTD, reader.codec());
          written.add(reader.record());
        }
      }
    }
    assertEquals(TestFiles.sortedHex(records), TestFiles.sortedHex(written));

    SchemaTransformProvider read = provider(PPRecordReadSchemaTransformProvider.IDENTIFIER);
    Pipeline r = Pipelines.direct();
    PCollectionRowTuple out = PCollectionRowTuple.empty(r).apply(read.from(config(read, Map.of(
        "file_pattern", prefix + "@3.pp_recordio"))));
    PCollection<Row> got = out.get(PPRecordReadSchemaTransformProvider.OUTPUT);
    assertEquals(PPRecordReadSchemaTransformProvider.RECORD_SCHEMA, got.getSchema());
    Pipelines.assertRecords("rows", got.apply(MapElements
        .into(org.apache.beam.sdk.values.TypeDescriptor.of(byte[].class))
        .via((Row row) -> row.getBytes("record"))), records);
    Pipelines.run(r);
  }

  @Test
  void readsFileAndOffsetAndSendsCorruptRegionsToTheErrorOutput() throws IOException {
    DamagedFile damaged = DamagedFile.build(new Random(80), 200, 13, 31, true);
    Path file = TestFiles.write(dir.resolve("damaged.pp_recordio"), damaged.bytes);
    TestFiles.Whole whole = TestFiles.readWhole(file);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < whole.records.size(); i++) {
      expected.add(file + ":" + whole.offsets.get(i) + ":" + TestFiles.hex(whole.records.get(i)));
    }
    List<String> regions = new ArrayList<>();
    for (DamagedFile.Expected e : damaged.regions) {
      regions.add(e.offset() + ":" + e.reason());
    }

    SchemaTransformProvider read = provider(PPRecordReadSchemaTransformProvider.IDENTIFIER);
    Map<String, Object> values = new HashMap<>();
    values.put("file_pattern", file.toString());
    values.put("with_file_and_offset", true);
    values.put("max_record_bytes", 1L << 20);
    values.put("error_handling", Row.withSchema(read.configurationSchema()
            .getField("error_handling").getType().getRowSchema())
        .addValue("lost").build());
    String name = file.toString();
    Pipeline p = Pipelines.direct();
    PCollectionRowTuple out = PCollectionRowTuple.empty(p).apply(read.from(config(read, values)));
    PAssert.that(out.get(PPRecordReadSchemaTransformProvider.OUTPUT).apply("Rows",
        MapElements.into(TypeDescriptors.strings()).via((Row row) -> row.getString("file") + ":"
            + row.getInt64("offset") + ":" + TestFiles.hex(row.getBytes("record")))))
        .containsInAnyOrder(expected);
    PAssert.that(out.get("lost").apply("Errors", MapElements.into(TypeDescriptors.strings())
        .via((Row row) -> {
          String json = new String(row.getBytes("failed_row"), StandardCharsets.UTF_8);
          String message = row.getString("error_message");
          // The JSON report (reason in lower snake case) and an error message naming the file.
          return json.replaceAll(".*\"offset\":(\\d+).*\"reason\":\"([a-z_]+)\".*", "$1:$2")
              .toUpperCase(java.util.Locale.ROOT)
              + (message.contains(name) ? "" : " (message lacks the file)");
        })))
        .containsInAnyOrder(regions);
    Pipelines.run(p);
  }

  @Test
  void invalidSettingsNameTheirKey() {
    SchemaTransformProvider read = provider(PPRecordReadSchemaTransformProvider.IDENTIFIER);
    Pipeline p = Pipelines.direct();
    IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
        () -> PCollectionRowTuple.empty(p).apply(read.from(config(read, Map.of(
            "file_pattern", "x", "corruption_policy", "sometimes")))));
    assertContains(policy.getMessage(), "corruption_policy: ", "sometimes");
    SchemaTransformProvider write = provider(PPRecordWriteSchemaTransformProvider.IDENTIFIER);
    IllegalArgumentException codec = assertThrows(IllegalArgumentException.class,
        () -> write.from(config(write, Map.of("output_prefix", "x", "codec", "lz4")))
            .expand(PCollectionRowTuple.of("input", p.apply(Create.empty(
                Schema.builder().addByteArrayField("record").build())))));
    assertContains(codec.getMessage(), "codec: ", "lz4");
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts Beam's ExpansionService (the main class of the expansion-service jar) inside this JVM
   * and asks it, over gRPC, to expand the read URN as {@code SchemaAwareExternalTransform} does:
   * the response is a complete transform of primitive steps, the splittable read among them,
   * with the output schema the provider declares.
   */
  @Test
  void expansionServiceExpandsTheReadUrnIntoARunnableTransform() throws Exception {
    int port = freePort();
    Thread server = new Thread(() -> {
      try {
        ExpansionService.main(new String[] {Integer.toString(port)});
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "expansion-service");
    server.setDaemon(true);
    server.start();
    awaitListening(port);
    assertReadExpandsThrough("localhost:" + port, dir.resolve("*.pp_recordio").toString());
  }

  /**
   * Sends the expansion service at {@code endpoint} the request Python's
   * {@code SchemaAwareExternalTransform} makes for the read URN, and checks the expansion: one
   * splittable read, with an environment, whose records leave as schema rows.
   */
  static void assertReadExpandsThrough(String endpoint, String pattern) throws Exception {
    SchemaTransformProvider read = provider(PPRecordReadSchemaTransformProvider.IDENTIFIER);
    Schema configSchema = read.configurationSchema();
    byte[] configRow = CoderUtils.encodeToByteArray(RowCoder.of(configSchema),
        config(read, Map.of("file_pattern", pattern)));
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(SchemaTransformPayload.newBuilder()
        .setIdentifier(PPRecordReadSchemaTransformProvider.IDENTIFIER)
        .setConfigurationSchema(SchemaTranslation.schemaToProto(configSchema, true))
        .build().toByteArray());
    // configuration_row (field 3, length-delimited) appended in protobuf's wire format, so that
    // the test names no Beam-vendored protobuf class: their package changes between releases.
    wire.write(3 << 3 | 2);
    for (int n = configRow.length; ; n >>>= 7) {
      if (n < 0x80) {
        wire.write(n);
        break;
      }
      wire.write(n & 0x7F | 0x80);
    }
    wire.write(configRow);
    byte[] payload = wire.toByteArray();
    assertEquals(configRow.length,
        SchemaTransformPayload.parseFrom(payload).getConfigurationRow().size());

    Pipeline p = Pipelines.direct();
    PCollectionTuple outputs = PBegin.in(p).apply(External.of(SCHEMA_TRANSFORM_URN, payload,
        endpoint).withMultiOutputs());
    assertTrue(outputs.has(PPRecordReadSchemaTransformProvider.OUTPUT), outputs.getAll().toString());

    RunnerApi.Pipeline proto = PipelineTranslation.toProto(p);
    RunnerApi.Components components = proto.getComponents();
    int splittableReads = 0;
    for (RunnerApi.PTransform transform : components.getTransformsMap().values()) {
      if (!transform.getSpec().getUrn().equals("beam:transform:pardo:v1")) {
        continue;
      }
      RunnerApi.ParDoPayload parDo = RunnerApi.ParDoPayload.parseFrom(
          transform.getSpec().getPayload());
      // The one splittable DoFn of the expansion: the read.
      if (!parDo.getRestrictionCoderId().isEmpty()) {
        splittableReads++;
        assertTrue(transform.getUniqueName().endsWith("Read/Read frames"), transform.getUniqueName());
        assertTrue(components.getEnvironmentsMap().containsKey(transform.getEnvironmentId()),
            "no environment for the read: " + transform);
        // Its records leave as schema rows, readable by any SDK.
        long rowOutputs = transform.getOutputsMap().values().stream()
            .map(pcollection -> components.getPcollectionsOrThrow(pcollection).getCoderId())
            .filter(coder -> components.getCodersOrThrow(coder).getSpec().getUrn()
                .equals("beam:coder:row:v1"))
            .count();
        assertEquals(1, rowOutputs, transform.getOutputsMap().toString());
      }
    }
    assertEquals(1, splittableReads, "expanded transforms: " + components.getTransformsMap()
        .keySet());
  }

  private static final String SCHEMA_TRANSFORM_URN = "beam:expansion:payload:schematransform:v1";

  static void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        new Socket("localhost", port).close();
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the expansion service did not start on port " + port, e);
        }
        Thread.sleep(100);
      }
    }
  }
}
