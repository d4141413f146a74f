package io.manybot.cluster.resource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One work cycle of one bot; created by the operator, owned by its Manybot, its status written as it runs. */
@Group(ManybotResource.GROUP)
@Version(ManybotResource.VERSION)
@Kind("WorkCycle")
@Plural("workcycles")
@Singular("workcycle")
@ShortNames({"wc", "mbwc"})
@Categories(ManybotResource.CATEGORY)
@Annotations(ManybotResource.SYNC_WAVE_FIRST)
@AdditionalPrinterColumn(name = "BOT", jsonPath = ".spec.bot", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TASKS", jsonPath = ".status.taskCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "LANDED", jsonPath = ".status.landedCommit", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "OUTCOME", jsonPath = ".status.outcome", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "LANDING", jsonPath = ".status.landedHow", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class WorkCycleResource extends CustomResource<WorkCycleSpec, WorkCycleStatus> implements Namespaced {
    /** The label naming a WorkCycle's (and a runner Job's) bot. */
    public static final String BOT_LABEL = "manybot.io/bot";
    public static final String CYCLE_LABEL = "manybot.io/cycle";
    /**
     * Set by the operator on a runner Job's WorkCycle when its bot is paused or suspended (the value says
     * why), removed when the bot is active again: the runner pod stops the cycle at its next phase boundary.
     */
    public static final String STOP_REQUESTED = "manybot.io/stop-requested";
}
