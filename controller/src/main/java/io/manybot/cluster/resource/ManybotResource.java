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

/** A bot: its goal, its repository, the paths it claims, how it runs. */
@Group(ManybotResource.GROUP)
@Version(ManybotResource.VERSION)
@Kind("Manybot")
@Plural("manybots")
@Singular("manybot")
@ShortNames("mb")
@Categories(ManybotResource.CATEGORY)
@Annotations(ManybotResource.SYNC_WAVE_FIRST)
@AdditionalPrinterColumn(name = "MODE", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "GOAL", jsonPath = ".spec.goal", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PROGRESS", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AT-RISK", jsonPath = ".status.atRisk", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "LAST-CYCLE", jsonPath = ".status.lastCycle.summary", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PARENT", jsonPath = ".spec.parent", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "QUEUED", jsonPath = ".status.team.queued", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ManybotResource extends CustomResource<ManybotSpec, ManybotStatus> implements Namespaced {
    public static final String GROUP = "manybot.io";
    public static final String VERSION = "v1alpha1";
    /**
     * The category of all four kinds ({@code kubectl get manybot-all}). It must differ from every kind's
     * singular, plural and short name: kubectl expands a category before it looks for a kind, so a
     * category {@code manybot} would turn {@code kubectl get manybot NAME} into a query over all four kinds.
     */
    public static final String CATEGORY = "manybot-all";
    /** Argo CD applies the CRDs in an early wave, before the resources that use them. */
    static final String SYNC_WAVE_FIRST = "argocd.argoproj.io/sync-wave=-10";
    /** Set (to any new value, usually a timestamp) to ask for a reconcile now; echoed in status. */
    public static final String RECONCILE_REQUESTED_AT = "manybot.io/reconcile-requested-at";
    /** Set by the cluster API's pause (value: who and when), removed by its resume: no new cycles while present. */
    public static final String PAUSED = "manybot.io/paused";
}
