package dev.mlops.data;

/**
 * Row indices of the training, validation and test parts of a {@link Dataset}. The validation part
 * is empty unless a sweep asked for one; it is always disjoint from the training part.
 */
public final class Split {

    private final int[] train;
    private final int[] validation;
    private final int[] test;

    /**
     * @param train      rows to train on
     * @param validation rows to choose among candidates on (may be empty)
     * @param test       rows for the final evaluation
     */
    public Split(int[] train, int[] validation, int[] test) {
        this.train = train.clone();
        this.validation = validation.clone();
        this.test = test.clone();
    }

    /** @return training rows (a copy) */
    public int[] train() {
        return train.clone();
    }

    /** @return validation rows (a copy; empty when there is no validation part) */
    public int[] validation() {
        return validation.clone();
    }

    /** @return test rows (a copy) */
    public int[] test() {
        return test.clone();
    }

    /** @return training and validation rows together, in ascending order: what the final model is fitted on */
    public int[] trainAndValidation() {
        int[] all = new int[train.length + validation.length];
        System.arraycopy(train, 0, all, 0, train.length);
        System.arraycopy(validation, 0, all, train.length, validation.length);
        java.util.Arrays.sort(all);
        return all;
    }

    @Override
    public String toString() {
        return "Split[train=" + train.length + ", validation=" + validation.length + ", test=" + test.length + "]";
    }
}
