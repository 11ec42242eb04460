package io.pprecordio.spark;

import io.pprecordio.ShardSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.v2.FileDataSourceV2;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The pp_recordio data source, registered as {@code pprecordio}.
 *
 * <pre>{@code
 * Dataset<Row> records = spark.read().format("pprecordio").load("data/train@16");
 * records.select("record", "file", "offset", "index_in_block");  // metadata, on request
 * records.write().format("pprecordio").option("codec", "zstd").save("out/");
 * }</pre>
 *
 * <p>Paths may be files, directories, Hadoop globs and shard specs ({@code name@N}, every one of
 * the N shards must exist). Reads are a DataSource V2 scan; writes go, as for Spark's own file
 * sources in 3.5, through the V1 {@link PPRecordFileFormat} and Spark's commit protocol.
 */
public final class PPRecordDataSource implements FileDataSourceV2 {
  /** The name for {@code format(...)}. */
  public static final String SHORT_NAME = "pprecordio";

  /** FileDataSourceV2 keeps the table it built to infer the schema; Scala leaves the field to us. */
  private Table table;

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public Class<? extends FileFormat> fallbackFileFormat() {
    return PPRecordFileFormat.class;
  }

  @Override
  public Table getTable(CaseInsensitiveStringMap options) {
    return table(options, Option.empty());
  }

  @Override
  public Table getTable(CaseInsensitiveStringMap options, StructType schema) {
    if (!Columns.isRecordSchema(schema)) {
      throw new IllegalArgumentException("pprecordio files have the schema "
          + Columns.SCHEMA.simpleString() + "; got " + schema.simpleString());
    }
    return table(options, Option.apply(schema));
  }

  private Table table(CaseInsensitiveStringMap options, Option<StructType> schema) {
    List<String> paths = expandShardSpecs(JavaConverters.seqAsJavaList(getPaths(options)));
    Seq<String> scalaPaths = JavaConverters.asScalaBuffer(paths).toList();
    return new PPRecordTable(getTableName(options, scalaPaths), sparkSession(),
        getOptionsWithoutPaths(options), scalaPaths, schema);
  }

  /**
   * Replaces each shard spec by its N shard paths, after checking in one listing that all exist:
   * a missing shard fails here, naming it, rather than silently reading fewer records.
   */
  private List<String> expandShardSpecs(List<String> paths) {
    Configuration conf = sparkSession().sessionState().newHadoopConf();
    List<String> out = new ArrayList<>();
    for (String path : paths) {
      Optional<ShardSpec> spec = ShardSpec.parse(path);
      if (spec.isEmpty()) {
        out.add(path);
        continue;
      }
      try {
        Path glob = new Path(spec.get().glob());
        FileStatus[] found = glob.getFileSystem(conf).globStatus(glob);
        Set<String> names = new HashSet<>();
        for (FileStatus status : found == null ? new FileStatus[0] : found) {
          names.add(status.getPath().getName());
        }
        for (String shard : spec.get().shardNames()) {
          if (!names.contains(new Path(shard).getName())) {
            throw new FileNotFoundException("missing shard " + shard + " of " + path + " ("
                + spec.get().shardCount() + " shards)");
          }
          out.add(shard);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  // The accessors Scala generates for FileDataSourceV2's private var t.

  @Override
  public Table org$apache$spark$sql$execution$datasources$v2$FileDataSourceV2$$t() {
    return table;
  }

  @Override
  public void org$apache$spark$sql$execution$datasources$v2$FileDataSourceV2$$t_$eq(Table t) {
    this.table = t;
  }
}
