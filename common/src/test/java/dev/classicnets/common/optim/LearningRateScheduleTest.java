package dev.classicnets.common.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.tracker.Tracker;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedules against PyTorch's lr_scheduler: the expected rates per epoch are what torch 1.13
 * printed for {@code lr=1} (StepLR(3, 0.5), MultiStepLR([2, 5], 0.1), ExponentialLR(0.9)), and
 * ReduceLROnPlateau on scripted metrics; the script is in the comments.
 */
class LearningRateScheduleTest {

    private static final int UPDATES = 10; // per epoch

    /** The rate at the first and at the last update of each epoch must be the epoch's rate. */
    private static void assertPerEpoch(double[] expected, Tracker t) {
        for (int e = 1; e <= expected.length; e++) {
            assertEquals(expected[e - 1], t.getNewValue((e - 1) * UPDATES + 1), 1e-6, "first update of epoch " + e);
            assertEquals(expected[e - 1], t.getNewValue(e * UPDATES), 1e-6, "last update of epoch " + e);
        }
    }

    private static Tracker tracker(String spec, int epochs) {
        return LearningRateSchedule.parse(spec).tracker(1f, epochs, UPDATES);
    }

    @Test
    void stepMultistepAndExponentialMatchTorchPerEpoch() {
        assertPerEpoch(new double[] {1, 1, 1, 0.5, 0.5, 0.5, 0.25}, tracker("step:every=3,gamma=0.5", 7));
        assertPerEpoch(new double[] {1, 1, 0.1, 0.1, 0.1, 0.01, 0.01}, tracker("multistep:milestones=2/5", 7));
        assertPerEpoch(new double[] {1, 0.9, 0.81, 0.729, 0.6561, 0.59049, 0.531441},
                tracker("exponential:gamma=0.9", 7));
        assertPerEpoch(new double[] {1, 1, 1}, tracker("constant", 3));
    }

    @Test
    void fractionalMilestonesFallInsideAnEpoch() {
        Tracker t = tracker("multistep:milestones=1.5", 3);
        assertEquals(1, t.getNewValue(15), 1e-6);
        assertEquals(0.1, t.getNewValue(16), 1e-6);
    }

    /** Why the step schedules are not DJL's MultiFactorTracker. */
    @Test
    void djlsMultiFactorTrackerRefusesOneStepAndCannotGoBack() {
        assertThrows(IllegalArgumentException.class,
                () -> Tracker.multiFactor().setBaseValue(1f).setSteps(new int[] {10}).build());
        Tracker djl = Tracker.multiFactor().setBaseValue(1f).setSteps(new int[] {10, 20}).optFactor(0.1f).build();
        assertEquals(0.1f, djl.getNewValue(15), 1e-6);
        assertEquals(0.1f, djl.getNewValue(5), 1e-6, "DJL 0.35.1: the decayed rate, for an update before the step");
        Tracker ours = tracker("multistep:milestones=1/2", 3);
        assertEquals(0.1f, ours.getNewValue(15), 1e-6);
        assertEquals(1f, ours.getNewValue(5), 1e-6);
    }

    @Test
    void cosineRunsFromTheRateToOnePercentOverTheRun() {
        Tracker t = tracker("cosine", 4);
        assertEquals(1, t.getNewValue(0), 1e-6);
        assertEquals(0.505, t.getNewValue(20), 1e-6); // half way: the mean of 1 and 0.01
        assertEquals(0.01, t.getNewValue(40), 1e-6);
        assertEquals(0.0, tracker("cosine:min_lr=0", 4).getNewValue(40), 1e-6);
    }

    @Test
    void warmUpRisesLinearlyThenTheScheduleCountsFromTheStartOfTheRun() {
        Tracker t = tracker("multistep:milestones=3,gamma=0.1,warmup=2", 5);
        assertEquals(0.05, t.getNewValue(1), 1e-6);
        assertEquals(0.5, t.getNewValue(10), 1e-6);
        assertEquals(0.95, t.getNewValue(19), 1e-6);
        assertEquals(1, t.getNewValue(21), 1e-6);  // epoch 3
        assertEquals(1, t.getNewValue(30), 1e-6);
        assertEquals(0.1, t.getNewValue(31), 1e-6); // epoch 4: after milestone 3
        Tracker cosine = tracker("cosine:min_lr=0,warmup=1", 3);
        assertEquals(1, cosine.getNewValue(10), 1e-6);
        assertEquals(0, cosine.getNewValue(30), 1e-6);
    }

    @Test
    void plateauMatchesTorchOnScriptedLosses() {
        // torch: ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=2), lr=1, step(m) for each m
        double[] loss = {1.0, 0.9, 0.95, 0.91, 0.9, 0.89999, 0.8, 0.85, 0.86, 0.87, 0.88, 0.7, 0.75, 0.76, 0.77};
        double[] torch = {1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.125};
        assertPlateau("plateau:factor=0.5,patience=2", "validate_loss", loss, torch);
        // ... factor=0.5, patience=1, cooldown=2, min_lr=0.2
        assertPlateau("plateau:factor=0.5,patience=1,cooldown=2,min_lr=0.2", "validate_loss", loss,
                new double[] {1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.2, 0.2});
        // mode='max', factor=0.1, patience=1 on accuracies; auto picks max from the name
        assertPlateau("plateau:monitor=validate_accuracy,patience=1", "validate_accuracy",
                new double[] {0.5, 0.6, 0.6, 0.59, 0.61, 0.61, 0.6, 0.6, 0.7},
                new double[] {1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01});
    }

    /** {@code rates[i]}: the rate after the loop told the schedule epoch i's metric. */
    private static void assertPlateau(String spec, String metric, double[] values, double[] rates) {
        Tracker t = tracker(spec, values.length);
        ReduceLrOnPlateau plateau = assertInstanceOf(ReduceLrOnPlateau.class, t);
        for (int i = 0; i < values.length; i++) {
            plateau.onEpochEnd(i + 1, Map.of(metric, values[i]), null);
            assertEquals(rates[i], t.getNewValue((i + 1) * UPDATES + 1), 1e-6, spec + " after epoch " + (i + 1));
        }
    }

    @Test
    void plateauStateSurvivesAResume() {
        ReduceLrOnPlateau a = (ReduceLrOnPlateau) tracker("plateau:factor=0.5,patience=1,cooldown=1", 9);
        double[] loss = {1, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0};
        for (int i = 0; i < 4; i++) {
            a.onEpochEnd(i + 1, Map.of("validate_loss", loss[i]), null);
        }
        ReduceLrOnPlateau b = (ReduceLrOnPlateau) tracker("plateau:factor=0.5,patience=1,cooldown=1", 9);
        b.restoreState(a.state(), Map.of());
        for (int i = 4; i < loss.length; i++) {
            a.onEpochEnd(i + 1, Map.of("validate_loss", loss[i]), null);
            b.onEpochEnd(i + 1, Map.of("validate_loss", loss[i]), null);
            assertEquals(a.getNewValue(1000), b.getNewValue(1000), "epoch " + (i + 1));
        }
        assertEquals(a.reductions(), b.reductions());
    }

    @Test
    void badSpecsGetOneSentenceNamingWhatIsWrong() {
        assertEquals("unknown schedule 'linear' in 'linear'; expected one of [constant, step, multistep, exponential, "
                + "cosine, plateau]", message("linear"));
        assertEquals("schedule 'step': step needs every=EPOCHS", message("step"));
        assertEquals("schedule 'step:every=0': every must be > 0 epochs", message("step:every=0"));
        assertEquals("schedule 'step:every=2,gama=0.5': step has no setting 'gama'; expected every, gamma, warmup",
                message("step:every=2,gama=0.5"));
        assertEquals("schedule 'multistep:milestones=30,20': expected key=value, got '20'",
                message("multistep:milestones=30,20"));
        assertEquals("schedule 'multistep:milestones=30/20': milestones must increase, got 30/20",
                message("multistep:milestones=30/20"));
        assertEquals("schedule 'exponential:gamma=x': gamma must be a number, got 'x'", message("exponential:gamma=x"));
        assertEquals("schedule 'exponential:gamma=1.5': gamma must be in (0, 1]", message("exponential:gamma=1.5"));
        assertEquals("factor must be in (0, 1), got 2.0", message("plateau:factor=2"));
        assertEquals("schedule 'plateau:patience=2.5': patience must be a whole number, got '2.5'",
                message("plateau:patience=2.5"));
        assertEquals("schedule 'multistep:milestones=2,warmup=3': milestone 2 must come after the warm-up (3 epochs)",
                message("multistep:milestones=2,warmup=3"));
        assertEquals("validate_accuracy", LearningRateSchedule.parse("plateau:monitor=validate_accuracy").monitor());
        assertEquals(null, LearningRateSchedule.parse("cosine").monitor());
    }

    private static String message(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(spec)).getMessage();
    }
}
