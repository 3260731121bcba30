package dev.mlops.train;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Loads and instantiates the {@link CustomTrainer} a spec names, with errors that name the spec key and class. */
final class CustomTrainers {

    private CustomTrainers() {
    }

    /**
     * @param where     the spec location, e.g. {@code trainer} or {@code sweep.candidates[0]}
     * @param className the class's binary name
     * @param loader    the class loader to find it with
     * @return a new instance
     * @throws IllegalArgumentException when the class is missing, not a {@link CustomTrainer}, abstract,
     *                                  has no public no-argument constructor, or its constructor fails
     */
    static CustomTrainer instantiate(String where, String className, ClassLoader loader) {
        String prefix = where + ".class: ";
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(prefix + "class '" + className + "' was not found on the class path;"
                    + " it must be compiled with the project (e.g. src/main/java) or come from a dependency, and"
                    + " compiled before training", e);
        } catch (LinkageError e) {
            throw new IllegalArgumentException(prefix + "class '" + className + "' cannot be loaded: " + e, e);
        }
        if (!CustomTrainer.class.isAssignableFrom(type)) {
            boolean sameName = implementsByName(type);
            throw new IllegalArgumentException(prefix + "'" + className + "' does not implement "
                    + CustomTrainer.class.getName() + (sameName ? " as loaded by this library: it sees a second copy of"
                    + " mlops-core (a dependency of the project should have scope provided)" : ""));
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(prefix + "'" + className + "' is abstract; name a concrete class");
        }
        if (!Modifier.isPublic(type.getModifiers()) || type.getEnclosingClass() != null
                && !Modifier.isStatic(type.getModifiers())) {
            throw new IllegalArgumentException(prefix + "'" + className + "' must be a public"
                    + (type.getEnclosingClass() != null ? " static" : "") + " class");
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(prefix + "'" + className + "' needs a public no-argument constructor", e);
        }
        try {
            return (CustomTrainer) constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(prefix + "the constructor of '" + className + "' failed: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(prefix + "cannot create '" + className + "': " + e, e);
        }
    }

    private static boolean implementsByName(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(CustomTrainer.class.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
