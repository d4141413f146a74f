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

/** Which repository events start a bot's cycle. */
@Group(ManybotResource.GROUP)
@Version(ManybotResource.VERSION)
@Kind("Subscription")
@Plural("subscriptions")
@Singular("subscription")
@ShortNames("mbsub")
@Categories(ManybotResource.CATEGORY)
@Annotations(ManybotResource.SYNC_WAVE_FIRST)
@AdditionalPrinterColumn(name = "BOT", jsonPath = ".spec.bot", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TRIGGER", jsonPath = ".spec.trigger", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PATHS", jsonPath = ".spec.paths", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SUSPENDED", jsonPath = ".spec.suspend", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class SubscriptionResource extends CustomResource<SubscriptionSpec, SubscriptionStatus> implements Namespaced {}
