package io.pprecordio.examples.convert;

import java.io.File;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.hdfs.HadoopFileSystemOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Beam files as Hadoop sees them, for the SequenceFile reader: a Beam {@link ResourceId} becomes
 * a Hadoop {@link Path} on the same file system, and the Hadoop configuration is the one Beam's
 * Hadoop file system uses ({@code --hdfsConfiguration}, or the XML files in
 * {@code HADOOP_CONF_DIR}), so that {@code hdfs://} paths resolve alike in both.
 */
final class HadoopFiles {
  private HadoopFiles() {}

  static Path path(ResourceId file) {
    if ("file".equals(file.getScheme())) {
      return new Path(new File(file.toString()).toURI());
    }
    return new Path(file.toString());
  }

  static Configuration configuration(PipelineOptions options) {
    List<Configuration> configurations =
        options.as(HadoopFileSystemOptions.class).getHdfsConfiguration();
    if (configurations != null && !configurations.isEmpty()) {
      return new Configuration(configurations.get(0));
    }
    return new Configuration();
  }
}
