package dev.herald.core.broker;

class MemoryBrokerTest extends BrokerContract {

    @Override
    protected Broker newBroker(String nodeId) {
        return new MemoryBroker();
    }

    @Override
    protected String expectedKind() {
        return "memory";
    }

    @Override
    protected boolean supportsSeveralNodes() {
        return false;
    }
}
