package dev.mlops.junit;

import dev.mlops.data.Dataset;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.gate.GateSubject;
import dev.mlops.gate.ModelUnderTest;
import dev.mlops.train.TrainedModel;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link ModelGate}: resolves the models once per test class into the class's
 * store (closed, and so reported, when the class finishes), injects them, and routes assertion
 * results into the class's report.
 */
final class ModelGateExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ModelGateExtension.class);
    private static final List<Class<?>> TYPES = List.of(GateSubject.class, TrainedModel.class, Evaluation.class,
            Dataset.class, ModelUnderTest.class, ModelGates.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TYPES.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        GateRun run;
        try {
            run = run(extensionContext);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
        Class<?> type = parameterContext.getParameter().getType();
        if (parameterContext.isAnnotated(Baseline.class)) {
            if (run.baselineSubject == null) {
                throw new ParameterResolutionException("parameter " + parameterContext.getIndex() + " (@Baseline "
                        + type.getSimpleName() + ") of " + parameterContext.getDeclaringExecutable().getName()
                        + " asks for the baseline, but " + run.where
                        + " names none; set @ModelGate(baseline = \"path/to/baseline-model.yaml\")");
            }
            if (type == GateSubject.class) {
                return run.baselineSubject;
            }
            if (type == TrainedModel.class) {
                return run.baselineModel;
            }
            if (type == Evaluation.class) {
                return run.baselineSubject.evaluation();
            }
            if (type == ModelUnderTest.class) {
                return run.baselineSubject.model();
            }
            throw new ParameterResolutionException("@Baseline applies to GateSubject, TrainedModel, Evaluation and"
                    + " ModelUnderTest parameters, not " + type.getSimpleName() + " (parameter " + parameterContext.getIndex()
                    + " of " + parameterContext.getDeclaringExecutable().getName() + ")");
        }
        if (type == GateSubject.class) {
            return run.subject;
        }
        if (type == TrainedModel.class) {
            if (run.candidate == null) {
                throw new ParameterResolutionException("parameter " + parameterContext.getIndex() + " (TrainedModel) of "
                        + parameterContext.getDeclaringExecutable().getName() + ": " + run.where + " wraps the external"
                        + " ONNX model of " + run.spec.name() + ", which is not trained; ask for a GateSubject,"
                        + " Evaluation or ModelUnderTest instead");
            }
            return run.candidate;
        }
        if (type == Evaluation.class) {
            return run.subject.evaluation();
        }
        if (type == Dataset.class) {
            return run.data;
        }
        if (type == ModelUnderTest.class) {
            return run.subject.model();
        }
        return new ModelGates(run);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        Class<?> key = classContext(context).getRequiredTestClass();
        ModelAssertions.RECORDER.set(result -> {
            GateRun run = store.get(key, GateRun.class);
            if (run != null) {
                run.record(result);
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ModelAssertions.RECORDER.remove();
    }

    private static GateRun run(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        ModelGate annotation = annotation(testClass);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(testClass, c -> GateRun.resolve(testClass, annotation),
                GateRun.class);
    }

    /** The context of the test class, where the resolved models live for all of its tests. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static ModelGate annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            ModelGate a = c.getAnnotation(ModelGate.class);
            if (a != null) {
                return a;
            }
        }
        throw new IllegalStateException(testClass.getName() + " has no @ModelGate annotation; annotate the test class"
                + " with @ModelGate(spec = \"src/main/mlops/model.yaml\") instead of registering the extension directly");
    }
}
