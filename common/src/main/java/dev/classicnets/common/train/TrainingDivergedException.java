package dev.classicnets.common.train;

/** The loss became NaN or infinite; the message says where and what to try. */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
