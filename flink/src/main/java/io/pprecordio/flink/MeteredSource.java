package io.pprecordio.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A {@link FileSource} whose {@link PPRecordFormat} reports to the source reader's metric group.
 *
 * <p>The source and the format are serialized together, so each task's copy of this object holds
 * the very format instance its copy of the file source reads with; binding the metric group to it
 * when the task creates its reader reaches every split reader the task opens.
 */
final class MeteredSource implements
    Source<byte[], FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>,
    ResultTypeQueryable<byte[]> {
  private static final long serialVersionUID = 1L;

  private final FileSource<byte[]> source;
  private final PPRecordFormat format;

  MeteredSource(FileSource<byte[]> source, PPRecordFormat format) {
    this.source = source;
    this.format = format;
  }

  @Override
  public SourceReader<byte[], FileSourceSplit> createReader(SourceReaderContext context)
      throws Exception {
    format.bindMetrics(new CorruptionMetrics(context.metricGroup()));
    return source.createReader(context);
  }

  @Override
  public Boundedness getBoundedness() {
    return source.getBoundedness();
  }

  @Override
  public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>
      createEnumerator(SplitEnumeratorContext<FileSourceSplit> context) throws Exception {
    return source.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>
      restoreEnumerator(SplitEnumeratorContext<FileSourceSplit> context,
          PendingSplitsCheckpoint<FileSourceSplit> checkpoint) throws Exception {
    return source.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
    return source.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<PendingSplitsCheckpoint<FileSourceSplit>>
      getEnumeratorCheckpointSerializer() {
    return source.getEnumeratorCheckpointSerializer();
  }

  @Override
  public TypeInformation<byte[]> getProducedType() {
    return source.getProducedType();
  }
}
