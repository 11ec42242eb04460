package io.pprecordio.beam;

import com.google.auto.service.AutoService;
import com.google.auto.value.AutoValue;
import io.pprecordio.Codec;
import io.pprecordio.FormatVersion;
import io.pprecordio.WriterOptions;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldDescription;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.TypedSchemaTransformProvider;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link PPRecordIO#write()} as a SchemaTransform, for Beam YAML, Python and other SDKs through an
 * expansion service: identifier {@value #IDENTIFIER}. Writes the {@code record} field (BYTES) of
 * each input row as one record.
 */
@AutoService(SchemaTransformProvider.class)
public class PPRecordWriteSchemaTransformProvider
    extends TypedSchemaTransformProvider<PPRecordWriteSchemaTransformProvider.Configuration> {
  public static final String IDENTIFIER = "beam:schematransform:io.pprecordio:write:v1";
  public static final String INPUT = "input";
  static final String RECORD_FIELD = "record";

  @Override
  public String identifier() {
    return IDENTIFIER;
  }

  @Override
  public String description() {
    return "Writes the 'record' field (BYTES) of each row as one pp_recordio record, to sharded "
        + "files named prefix-SSSSS-of-NNNNN plus a suffix (.pp_recordio by default).";
  }

  @Override
  public List<String> inputCollectionNames() {
    return List.of(INPUT);
  }

  @Override
  public List<String> outputCollectionNames() {
    return List.of();
  }

  @Override
  protected Class<Configuration> configurationClass() {
    return Configuration.class;
  }

  @Override
  protected SchemaTransform from(Configuration configuration) {
    return new WriteSchemaTransform(configuration);
  }

  /** The write's settings, as Beam YAML and the other SDKs spell them. */
  @AutoValue
  @DefaultSchema(AutoValueSchema.class)
  public abstract static class Configuration {
    @SchemaFieldDescription("Path prefix of the files, such as gs://bucket/out/train.")
    public abstract String getOutputPrefix();

    @SchemaFieldDescription("Exact number of files; 0 or unset lets the runner decide.")
    public abstract @Nullable Integer getNumShards();

    @SchemaFieldDescription("File name suffix (default .pp_recordio).")
    public abstract @Nullable String getSuffix();

    @SchemaFieldDescription("Per-record compression: none (default), gzip or zstd.")
    public abstract @Nullable String getCodec();

    @SchemaFieldDescription("v2 (default), or v1: the original package's format (no zstd).")
    public abstract @Nullable String getFormatVersion();

    @SchemaFieldDescription("Block mode: the most records one block frame holds, compressed "
        + "together with the codec (use zstd). Setting this or block_bytes turns block mode on; "
        + "the unset one takes its default (4096 records, 131072 bytes).")
    public abstract @Nullable Integer getBlockRecords();

    @SchemaFieldDescription("Block mode: the most bytes of records one block holds.")
    public abstract @Nullable Integer getBlockBytes();

    public static Builder builder() {
      return new AutoValue_PPRecordWriteSchemaTransformProvider_Configuration.Builder();
    }

    /** Core's writer settings; core checks them, and errors name the setting. */
    WriterOptions writerOptions() {
      WriterOptions options = WriterOptions.defaults();
      String codec = getCodec();
      if (codec != null) {
        WriterOptions base = options;
        options = Checks.setting("codec", () -> base.withCodec(Codec.parse(codec)));
      }
      String version = getFormatVersion();
      if (version != null) {
        WriterOptions base = options;
        options = Checks.setting("format_version",
            () -> base.withFormatVersion(FormatVersion.parse(version)));
      }
      Integer records = getBlockRecords();
      Integer bytes = getBlockBytes();
      if (records != null || bytes != null) {
        WriterOptions base = options;
        options = Checks.setting(records == null ? "block_bytes"
            : bytes == null ? "block_records" : "block_records, block_bytes",
            () -> base.withBlock(records != null ? records : WriterOptions.DEFAULT_BLOCK_RECORDS,
                bytes != null ? bytes : WriterOptions.DEFAULT_BLOCK_BYTES));
      }
      return options;
    }

    /** Builds a {@link Configuration}. */
    @AutoValue.Builder
    public abstract static class Builder {
      public abstract Builder setOutputPrefix(String outputPrefix);

      public abstract Builder setNumShards(@Nullable Integer numShards);

      public abstract Builder setSuffix(@Nullable String suffix);

      public abstract Builder setCodec(@Nullable String codec);

      public abstract Builder setFormatVersion(@Nullable String formatVersion);

      public abstract Builder setBlockRecords(@Nullable Integer blockRecords);

      public abstract Builder setBlockBytes(@Nullable Integer blockBytes);

      public abstract Configuration build();
    }
  }

  static final class WriteSchemaTransform extends SchemaTransform {
    private static final long serialVersionUID = 1L;
    private final Configuration configuration;

    WriteSchemaTransform(Configuration configuration) {
      this.configuration = configuration;
    }

    @Override
    public PCollectionRowTuple expand(PCollectionRowTuple input) {
      PCollection<Row> rows = input.get(INPUT);
      Schema.Field field = rows.getSchema().getField(RECORD_FIELD);
      Checks.checkArgument(field.getType().getTypeName() == Schema.TypeName.BYTES,
          "the input's '%s' field must be BYTES, got %s", RECORD_FIELD, field.getType());
      PPRecordIO.Write write = PPRecordIO.write().to(configuration.getOutputPrefix())
          .withWriterOptions(configuration.writerOptions());
      if (configuration.getNumShards() != null) {
        write = write.withNumShards(configuration.getNumShards());
      }
      if (configuration.getSuffix() != null) {
        write = write.withSuffix(configuration.getSuffix());
      }
      rows.apply("Records", MapElements.into(TypeDescriptor.of(byte[].class))
              .via((Row row) -> row.getBytes(RECORD_FIELD)))
          .apply("Write", write);
      return PCollectionRowTuple.empty(input.getPipeline());
    }
  }
}
