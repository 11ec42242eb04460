package io.pprecordio.examples.convert;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of the conversion job ({@link ConvertJob}), given as {@code --name=value} like every
 * Beam pipeline option. Runner options ({@code --runner}, {@code --flinkMaster},
 * {@code --sparkMaster}, {@code --project}, ...) go beside them.
 *
 * <p>Formats, codecs and compressions are strings rather than enums so that users can type them
 * in lower case ({@code --outputFormat=tfrecord}); {@link ConvertSettings} validates them.
 */
public interface ConvertOptions extends PipelineOptions {
  @Description("Input files: a file, a glob ('data/*.tfrecord') or a shard spec (data@4 reads"
      + " data-00000-of-00004 ... data-00003-of-00004; data@4.txt with a suffix). Omit it to run on"
      + " a sample dataset generated on the spot.")
  String getInput();

  void setInput(String value);

  @Description("Format of the input: text, tfrecord, sequencefile, pp_recordio, avro or parquet."
      + " Default: from the input's suffix (.txt .jsonl .csv, .tfrecord, .seq, .pp_recordio,"
      + " .avro, .parquet; .gz and other compression suffixes are looked through), else from the"
      + " first file's leading bytes.")
  String getInputFormat();

  void setInputFormat(String value);

  @Description("Output: name@N[.suffix] writes N shards name-00000-of-0000N[.suffix]; a plain"
      + " name lets --numShards or the runner choose the count. Without a suffix the output"
      + " format's own is added (.pp_recordio, .txt, .tfrecord, .seq). Required with --input.")
  String getOutput();

  void setOutput(String value);

  @Description("Format of the output: text, tfrecord, sequencefile, pp_recordio, avro or parquet."
      + " Default: from the output's suffix, else pp_recordio (text for the sample dataset).")
  String getOutputFormat();

  void setOutputFormat(String value);

  @Description("Number of output shards; 0 lets the runner choose. Default: the N of"
      + " --output=name@N, else 0.")
  @Default.Integer(0)
  int getNumShards();

  void setNumShards(int value);

  @Description("Avro and Parquet: the field (column) that holds the records. Input: any field of"
      + " type bytes, fixed or string of any record schema; default: the schema's only field."
      + " Output: the name of the one bytes field written; default: record.")
  String getField();

  void setField(String value);

  @Description("pp_recordio output: per-record compression, none, gzip or zstd (the original"
      + " Python/Go package cannot read zstd records).")
  @Default.String("none")
  String getCodec();

  void setCodec(String value);

  @Description("pp_recordio output: compression level of --codec (gzip 0-9, zstd 1-22);"
      + " -1 for the codec's default.")
  @Default.Integer(-1)
  int getCompressionLevel();

  void setCompressionLevel(int value);

  @Description("pp_recordio output: block mode (many records compressed together in one frame,"
      + " FORMAT.md 3.4) with at most this many records per block; 0 for one frame per record."
      + " Setting it or --blockBytes turns block mode on; the other takes core's default"
      + " (4096 records, 128 KiB). Use with --codec=zstd. v2 only: the original package cannot"
      + " read block frames.")
  @Default.Integer(0)
  int getBlockRecords();

  void setBlockRecords(int value);

  @Description("pp_recordio output: block mode with at most this many record bytes per block"
      + " (a larger record gets a block of its own); 0 for core's default when --blockRecords"
      + " is set, or for no block mode.")
  @Default.Integer(0)
  int getBlockBytes();

  void setBlockBytes(int value);

  @Description("pp_recordio output: frame format, v2 (header checksum, zstd) or v1 (byte for byte"
      + " the original Python/Go package's format).")
  @Default.String("v2")
  String getFormatVersion();

  void setFormatVersion(String value);

  @Description("Text, TFRecord and SequenceFile output: whole-file compression, none, gzip,"
      + " bzip2, zstd or deflate (SequenceFiles: block compression with Hadoop's codec of that"
      + " name; zstd only for text and TFRecord). Default: from the output's suffix (.gz, ...),"
      + " else none.")
  String getCompression();

  void setCompression(String value);

  @Description("SequenceFile output: class of the values, BytesWritable or Text.")
  @Default.String("BytesWritable")
  String getSequenceFileValueClass();

  void setSequenceFileValueClass(String value);

  @Description("pp_recordio input: skip_and_report skips and counts corrupt regions; fail stops the"
      + " job at the first one, naming the file and offset.")
  @Default.String("skip_and_report")
  String getCorruptionPolicy();

  void setCorruptionPolicy(String value);

  @Description("pp_recordio input: largest record accepted, in bytes; a larger one fails the job"
      + " with an error naming the file and offset.")
  @Default.Long(256L << 20)
  long getMaxRecordBytes();

  void setMaxRecordBytes(long value);

  @Description("Read every output file back after the write to count its records, so the summary"
      + " gives records per output shard (one more read of the output).")
  @Default.Boolean(true)
  boolean getCountOutputRecords();

  void setCountOutputRecords(boolean value);

  @Description("Keep the sample dataset generated when no --input is given (and its conversion,"
      + " when no --output is given either) instead of removing it when the job ends.")
  @Default.Boolean(false)
  boolean getKeepSample();

  void setKeepSample(boolean value);

  @Description("Records in the sample dataset generated when no --input is given.")
  @Default.Integer(10_000)
  int getSampleRecords();

  void setSampleRecords(int value);
}
