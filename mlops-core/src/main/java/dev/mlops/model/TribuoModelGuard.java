package dev.mlops.model;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

/**
 * Loads a Tribuo model from its protobuf form without letting the file choose arbitrary classes.
 * Tribuo's deserializer resolves every {@code class_name} in the file with {@code Class.forName}
 * (running static initialisers) and calls a factory method on it; provenance does the same with
 * provenance class names. So before Tribuo sees the bytes, every nested message is walked (packed
 * {@code Any} messages are unpacked with the descriptors of Tribuo's and OLCUT's own proto files, an
 * unknown type refuses the file) and every class name is checked:
 *
 * <ul>
 *   <li>a model ({@code ModelProto.class_name}, at the top and inside ensembles) must be one of
 *       {@link #MODEL_CLASSES};</li>
 *   <li>every other Tribuo object ({@code class_name}) must be in a package under {@code org.tribuo.};</li>
 *   <li>provenance class names and enum types recorded in provenance must be under
 *       {@code org.tribuo.} or {@code com.oracle.labs.mlrg.olcut.}.</li>
 * </ul>
 *
 * Java serialization is never used.
 */
final class TribuoModelGuard {

    /** The Tribuo model classes a bundle may contain. */
    static final Set<String> MODEL_CLASSES = Set.of(
            "org.tribuo.classification.sgd.linear.LinearSGDModel",
            "org.tribuo.regression.sgd.linear.LinearSGDModel",
            "org.tribuo.classification.sgd.fm.FMClassificationModel",
            "org.tribuo.regression.sgd.fm.FMRegressionModel",
            "org.tribuo.classification.sgd.kernel.KernelSVMModel",
            "org.tribuo.common.tree.TreeModel",
            "org.tribuo.regression.rtree.IndependentRegressionTreeModel",
            "org.tribuo.ensemble.WeightedEnsembleModel",
            "org.tribuo.common.nearest.KNNModel",
            "org.tribuo.regression.slm.SparseLinearModel",
            "org.tribuo.classification.liblinear.LibLinearClassificationModel",
            "org.tribuo.regression.liblinear.LibLinearRegressionModel",
            "org.tribuo.classification.libsvm.LibSVMClassificationModel",
            "org.tribuo.regression.libsvm.LibSVMRegressionModel");

    private static final List<String> TRIBUO = List.of("org.tribuo.");
    private static final List<String> PROVENANCE = List.of("org.tribuo.", "com.oracle.labs.mlrg.olcut.");
    private static final String MODEL_PROTO = ModelProto.getDescriptor().getFullName();
    private static final String ENUM_PROVENANCE = "com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance";

    private static final TypeRegistry TYPES = registry(
            org.tribuo.protos.core.TribuoCore.getDescriptor(),
            org.tribuo.protos.core.TribuoCoreImpl.getDescriptor(),
            org.tribuo.math.protos.TribuoMath.getDescriptor(),
            org.tribuo.math.protos.TribuoMathImpl.getDescriptor(),
            org.tribuo.classification.protos.TribuoClassificationCore.getDescriptor(),
            org.tribuo.classification.sgd.protos.TribuoClassificationSgd.getDescriptor(),
            org.tribuo.common.sgd.protos.TribuoCommonSgd.getDescriptor(),
            org.tribuo.common.nearest.protos.TribuoCommonKnn.getDescriptor(),
            org.tribuo.common.tree.protos.TribuoTree.getDescriptor(),
            org.tribuo.regression.protos.TribuoRegressionCore.getDescriptor(),
            org.tribuo.regression.rtree.protos.TribuoRegressionTree.getDescriptor(),
            org.tribuo.regression.sgd.protos.TribuoRegressionSgd.getDescriptor(),
            org.tribuo.regression.slm.protos.TribuoRegressionSlm.getDescriptor(),
            com.oracle.labs.mlrg.olcut.config.protobuf.protos.OlcutProto.getDescriptor());

    private TribuoModelGuard() {
    }

    /**
     * Parses, checks and deserializes a model.
     *
     * @param file  the bundle file name, for messages
     * @param bytes the protobuf bytes
     * @return the model
     * @throws BundleException when the bytes are not a model proto or name a class outside the allow-lists
     */
    static Model<?> load(String file, byte[] bytes) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleException(file, file + " is not a Tribuo model protobuf: " + e.getMessage(), e);
        }
        check(file, proto);
        try {
            return Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw new BundleException(file, "Tribuo cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Walks the whole message tree, refusing unknown types and class names outside the allow-lists. */
    static void check(String file, ModelProto proto) {
        walk(file, proto, "model");
    }

    private static void walk(String file, Message message, String path) {
        Descriptor type = message.getDescriptorForType();
        if (type.getFullName().equals(Any.getDescriptor().getFullName())) {
            walk(file, unpack(file, message, path), path);
            return;
        }
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor field = e.getKey();
            String where = path + "." + field.getName();
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (field.isRepeated()) {
                    List<?> list = (List<?>) e.getValue();
                    for (int i = 0; i < list.size(); i++) {
                        walk(file, (Message) list.get(i), where + "[" + i + "]");
                    }
                } else {
                    walk(file, (Message) e.getValue(), where);
                }
            } else if (field.getJavaType() == FieldDescriptor.JavaType.STRING && !field.isRepeated()) {
                checkString(file, message, type, field.getName(), (String) e.getValue(), where);
            }
        }
    }

    private static void checkString(String file, Message message, Descriptor type, String field, String value, String where) {
        switch (field) {
            case "class_name" -> {
                if (type.getFullName().equals(MODEL_PROTO) && !MODEL_CLASSES.contains(value)) {
                    throw refuse(file, where, value, "a Tribuo model class this library loads: " + MODEL_CLASSES.stream().sorted().toList());
                }
                requirePrefix(file, where, value, TRIBUO);
            }
            case "provenance_class_name", "object_class_name" -> requirePrefix(file, where, value, PROVENANCE);
            case "additional" -> {
                FieldDescriptor provenanceClass = type.findFieldByName("provenance_class_name");
                if (provenanceClass != null && ENUM_PROVENANCE.equals(message.getField(provenanceClass))) {
                    requirePrefix(file, where, value, PROVENANCE);
                }
            }
            default -> {
                // plain data (names, values, descriptions)
            }
        }
    }

    private static void requirePrefix(String file, String where, String value, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (value.startsWith(prefix)) {
                return;
            }
        }
        throw refuse(file, where, value, "a class in " + prefixes.stream().map(p -> p + "*").toList());
    }

    private static BundleException refuse(String file, String where, String value, String expected) {
        return new BundleException(file, file + " names class '" + value + "' at " + where
                + "; refusing to load it: only " + expected + " may be loaded");
    }

    private static Message unpack(String file, Message any, String path) {
        Any packed;
        try {
            packed = any instanceof Any a ? a : Any.parseFrom(any.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new BundleException(file, file + " has a corrupt Any at " + path + ": " + e.getMessage(), e);
        }
        Descriptor descriptor;
        try {
            descriptor = TYPES.getDescriptorForTypeUrl(packed.getTypeUrl());
        } catch (InvalidProtocolBufferException e) {
            descriptor = null;
        }
        if (descriptor == null) {
            throw new BundleException(file, file + " holds a message of unknown type '" + packed.getTypeUrl() + "' at "
                    + path + "; only Tribuo's and OLCUT's own messages may be loaded");
        }
        try {
            return DynamicMessage.parseFrom(descriptor, packed.getValue());
        } catch (InvalidProtocolBufferException e) {
            throw new BundleException(file, file + " has a corrupt " + descriptor.getName() + " at " + path + ": "
                    + e.getMessage(), e);
        }
    }

    private static TypeRegistry registry(FileDescriptor... files) {
        TypeRegistry.Builder builder = TypeRegistry.newBuilder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (FileDescriptor f : files) {
            for (Descriptor d : f.getMessageTypes()) {
                if (seen.add(d.getFullName())) { // some Tribuo protos are defined in two files
                    builder.add(d);
                }
            }
        }
        return builder.build();
    }
}
