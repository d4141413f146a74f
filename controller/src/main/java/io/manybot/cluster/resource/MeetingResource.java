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

/** A recurring meeting of bots and people (issue 16), held by the operator when its schedule comes due. */
@Group(ManybotResource.GROUP)
@Version(ManybotResource.VERSION)
@Kind("Meeting")
@Plural("meetings")
@Singular("meeting")
@ShortNames("mbmeet")
@Categories(ManybotResource.CATEGORY)
@Annotations(ManybotResource.SYNC_WAVE_FIRST)
@AdditionalPrinterColumn(name = "SCHEDULE", jsonPath = ".spec.schedule", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "LAST-HELD", jsonPath = ".status.lastHeldAt", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "NEXT", jsonPath = ".status.nextAt", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "DECISIONS", jsonPath = ".status.lastMinutes.decisions", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MeetingResource extends CustomResource<MeetingSpec, MeetingStatus> implements Namespaced {
    /**
     * Hold the meeting now: each new value (any text, e.g. who asked and when) holds it once; the value handled is kept in
     * {@code status.lastHoldRequest}. {@code POST /api/v1/namespaces/NS/meetings/NAME/hold} (and {@code manybot meet NAME
     * --server URL -n NS}) sets it.
     */
    public static final String HOLD = "manybot.io/hold";
}
