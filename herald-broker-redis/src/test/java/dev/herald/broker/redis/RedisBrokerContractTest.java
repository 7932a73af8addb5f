package dev.herald.broker.redis;

import dev.herald.core.broker.Broker;
import dev.herald.core.broker.BrokerContract;
import dev.herald.testkit.RedisProcess;

class RedisBrokerContractTest extends BrokerContract {

    @Override
    protected Broker newBroker(String nodeId) {
        return new RedisBroker(RedisProcess.shared().url(), nodeId);
    }

    @Override
    protected String expectedKind() {
        return "redis";
    }

    @Override
    protected boolean supportsSeveralNodes() {
        return true;
    }
}
