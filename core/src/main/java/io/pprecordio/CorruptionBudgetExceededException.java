package io.pprecordio;

/**
 * A reader skipped more corruption than its {@link CorruptionBudget} allows. The message names the
 * file, the offset of the region that went over the budget, and the budget.
 */
public class CorruptionBudgetExceededException extends CorruptRecordException {
  private static final long serialVersionUID = 1L;

  private final CorruptionBudget budget;

  CorruptionBudgetExceededException(CorruptRegion region, CorruptionBudget budget) {
    super(region.source(), region.offset(), region.reason(),
        "over the corruption budget of " + budget.describe() + " per reader ("
            + region.length() + (region.length() == 1 ? " byte" : " bytes") + " here"
            + (region.detail().isEmpty() ? "" : ": " + region.detail()) + ")",
        region.expectedCrc().orElse(-1), region.actualCrc().orElse(-1));
    this.budget = budget;
  }

  /** The budget the reader went over. */
  public CorruptionBudget budget() {
    return budget;
  }
}
