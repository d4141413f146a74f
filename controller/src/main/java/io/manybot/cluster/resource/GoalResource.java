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

/** An objective with measurable key results. */
@Group(ManybotResource.GROUP)
@Version(ManybotResource.VERSION)
@Kind("Goal")
@Plural("goals")
@Singular("goal")
@ShortNames("mbgoal")
@Categories(ManybotResource.CATEGORY)
@Annotations(ManybotResource.SYNC_WAVE_FIRST)
@AdditionalPrinterColumn(name = "OBJECTIVE", jsonPath = ".spec.objective", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PROGRESS", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ON-TRACK", jsonPath = ".status.onTrack", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "DEADLINE", jsonPath = ".spec.deadline", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class GoalResource extends CustomResource<GoalSpec, GoalStatus> implements Namespaced {}
