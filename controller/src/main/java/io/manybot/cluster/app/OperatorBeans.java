package io.manybot.cluster.app;

import io.manybot.cluster.operator.ManybotOperator;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Offers the running operator of {@link OperatorService} as a bean (the cluster HTTP API needs it). */
@Factory
@Requires(beans = OperatorService.class)
public class OperatorBeans {
    @Singleton
    ManybotOperator operator(OperatorService service) {
        return service.operator();
    }
}
