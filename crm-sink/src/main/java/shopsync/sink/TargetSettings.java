package shopsync.sink;

/**
 * One CRM's typed settings, which know how to open that CRM's {@link CrmTarget}: the sink picks targets by their
 * settings, never by a name.
 */
public interface TargetSettings {

    boolean enabled();

    /** Opens the target's clients and state (not yet its jobs: the {@link SinkService} runs those). */
    CrmTarget open(TargetContext context);
}
