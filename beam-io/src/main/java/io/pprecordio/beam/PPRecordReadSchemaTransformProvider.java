package io.pprecordio.beam;

import com.google.auto.service.AutoService;
import com.google.auto.value.AutoValue;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.ReaderOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldDescription;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.TypedSchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.providers.ErrorHandling;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link PPRecordIO#read()} as a SchemaTransform, for Beam YAML, Python and other SDKs through an
 * expansion service: identifier {@value #IDENTIFIER}.
 *
 * <p>Outputs rows {@code {record: BYTES}}, with {@code file: STRING}, {@code offset: INT64} (the
 * offset of the record's frame) and {@code index_in_block: INT32} (the record's place in a block
 * frame that holds many records, 0 for a frame of one record) when {@code with_file_and_offset}
 * is set: file, offset and index in block together identify a record. With
 * {@code error_handling: {output: NAME}}, each skipped corrupt region (torn tails included) also
 * goes to output NAME as an error row: the region's JSON report as {@code failed_row} and its
 * one-line description as {@code error_message}.
 */
@AutoService(SchemaTransformProvider.class)
public class PPRecordReadSchemaTransformProvider
    extends TypedSchemaTransformProvider<PPRecordReadSchemaTransformProvider.Configuration> {
  public static final String IDENTIFIER = "beam:schematransform:io.pprecordio:read:v1";
  public static final String OUTPUT = "output";

  static final Schema RECORD_SCHEMA = Schema.builder().addByteArrayField("record").build();
  static final Schema LOCATED_RECORD_SCHEMA = Schema.builder()
      .addByteArrayField("record").addStringField("file").addInt64Field("offset")
      .addInt32Field("index_in_block").build();
  static final Schema ERROR_SCHEMA = ErrorHandling.errorSchemaBytes();

  @Override
  public String identifier() {
    return IDENTIFIER;
  }

  @Override
  public String description() {
    return "Reads the records of pp_recordio files (a file, a glob or a name@N shard spec) as rows "
        + "{record: BYTES}, optionally with the file, the frame offset and the index in block of "
        + "each record. Corrupt regions are skipped and counted, sent to the error output, or "
        + "fail the read.";
  }

  @Override
  public List<String> inputCollectionNames() {
    return List.of();
  }

  @Override
  public List<String> outputCollectionNames() {
    return List.of(OUTPUT, "errors");
  }

  @Override
  protected Class<Configuration> configurationClass() {
    return Configuration.class;
  }

  @Override
  protected SchemaTransform from(Configuration configuration) {
    return new ReadSchemaTransform(configuration);
  }

  /** The read's settings, as Beam YAML and the other SDKs spell them. */
  @AutoValue
  @DefaultSchema(AutoValueSchema.class)
  public abstract static class Configuration {
    @SchemaFieldDescription("A file, a glob, or a shard spec such as gs://bucket/train@64.pp_recordio.")
    public abstract String getFilePattern();

    @SchemaFieldDescription("skip_and_report (default), skip, or fail at the first corrupt region.")
    public abstract @Nullable String getCorruptionPolicy();

    @SchemaFieldDescription("The largest record accepted, in bytes (default 256 MiB).")
    public abstract @Nullable Long getMaxRecordBytes();

    @SchemaFieldDescription("Adds the file (STRING), the frame offset (INT64) and the index in "
        + "the frame's block (INT32, 0 outside blocks) of each record.")
    public abstract @Nullable Boolean getWithFileAndOffset();

    @SchemaFieldDescription("Sends each corrupt region to this output as an error row.")
    public abstract @Nullable ErrorHandling getErrorHandling();

    public static Builder builder() {
      return new AutoValue_PPRecordReadSchemaTransformProvider_Configuration.Builder();
    }

    /** Core's reader settings; core checks them, and errors name the setting. */
    ReaderOptions readerOptions() {
      ReaderOptions options = ReaderOptions.defaults();
      String policy = getCorruptionPolicy();
      if (policy != null) {
        ReaderOptions base = options;
        options = Checks.setting("corruption_policy",
            () -> base.withCorruptionPolicy(CorruptionPolicy.parse(policy)));
      }
      Long maxRecordBytes = getMaxRecordBytes();
      if (maxRecordBytes != null) {
        ReaderOptions base = options;
        options = Checks.setting("max_record_bytes",
            () -> base.withMaxRecordBytes(maxRecordBytes));
      }
      return options;
    }

    boolean withFileAndOffset() {
      return Boolean.TRUE.equals(getWithFileAndOffset());
    }

    /** Builds a {@link Configuration}. */
    @AutoValue.Builder
    public abstract static class Builder {
      public abstract Builder setFilePattern(String filePattern);

      public abstract Builder setCorruptionPolicy(@Nullable String policy);

      public abstract Builder setMaxRecordBytes(@Nullable Long maxRecordBytes);

      public abstract Builder setWithFileAndOffset(@Nullable Boolean withFileAndOffset);

      public abstract Builder setErrorHandling(@Nullable ErrorHandling errorHandling);

      public abstract Configuration build();
    }
  }

  static final class ReadSchemaTransform extends SchemaTransform {
    private static final long serialVersionUID = 1L;
    private static final TupleTag<Row> ROWS = new TupleTag<Row>() {};
    private final Configuration configuration;

    ReadSchemaTransform(Configuration configuration) {
      this.configuration = configuration;
    }

    @Override
    public PCollectionRowTuple expand(PCollectionRowTuple input) {
      ReaderOptions options = configuration.readerOptions();
      String errorOutput = ErrorHandling.getOutputOrNull(configuration.getErrorHandling());
      boolean located = configuration.withFileAndOffset();
      Schema schema = located ? LOCATED_RECORD_SCHEMA : RECORD_SCHEMA;
      ReadFrames.RecordFormat<Row> format = located
          ? (file, address, record) -> Row.withSchema(schema)
              .addValues(record, file, address.frameOffset(), address.indexInBlock()).build()
          : (file, address, record) -> Row.withSchema(schema).addValue(record).build();
      PPRecordIO.Read read = PPRecordIO.read().from(configuration.getFilePattern())
          .withReaderOptions(options);
      PCollection<ReadableFile> files = input.getPipeline().begin()
          .apply("Match", read.matchAndOpen());
      PCollectionTuple out = files.apply("Read", new ReadFrames<>(
          PPRecordIO.DEFAULT_DESIRED_BUNDLE_SIZE_BYTES, options, errorOutput != null, ROWS,
          RowCoder.of(schema), format));
      PCollectionRowTuple result = PCollectionRowTuple.of(OUTPUT, out.get(ROWS));
      if (errorOutput != null) {
        PCollection<Row> errors = out.get(ReadFrames.REPORTS)
            .apply("Errors", MapElements.into(TypeDescriptors.rows())
                .via(ReadSchemaTransform::errorRow))
            .setRowSchema(ERROR_SCHEMA);
        result = result.and(errorOutput, errors);
      }
      return result;
    }

    /** An error row in Beam's usual schema: the region's report and why it was skipped. */
    static Row errorRow(CorruptionReport report) {
      return ErrorHandling.errorRecord(ERROR_SCHEMA,
          report.toJson().getBytes(StandardCharsets.UTF_8), ReadFrames.failureOf(report));
    }
  }
}
