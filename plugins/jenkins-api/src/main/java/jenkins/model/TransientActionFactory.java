package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Action;
import java.util.Collection;

/**
 * Compile-only declaration of Jenkins core's {@code jenkins.model.TransientActionFactory}: adds actions to every object
 * of a type (e.g. every {@code Job}) without storing them. {@code actionType()} (which has a default upstream) and the
 * internal cache are left out.
 *
 * @param <T> the type of object the factory adds actions to
 */
public abstract class TransientActionFactory<T> implements ExtensionPoint {
    protected TransientActionFactory() {
        // chained to by plugin subclasses; upstream's implicit constructor does nothing either
    }

    public abstract Class<T> type();

    public abstract Collection<? extends Action> createFor(T target);
}
