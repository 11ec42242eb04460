package io.pprecordio.examples.convert;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Lets the CLI's tests compare the help with {@link ConvertOptions}. */
public final class ConvertOptionsHelpAccess {
  private ConvertOptionsHelpAccess() {}

  /** Every property {@link ConvertOptions} declares. */
  public static List<String> properties() {
    return ConvertOptionsHelp.properties();
  }

  /** The properties the help lists. */
  public static Set<String> listed() {
    return new TreeSet<>(ConvertOptionsHelp.LABELS.keySet());
  }
}
