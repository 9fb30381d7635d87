// The Kubernetes adapter's public face: how the app connects and gets a KubePort.
export { connect, kubeconfigSecrets, type ConnectOptions, type KubeConnection } from './connect.js';
export { ClientNodeKube, FIELD_MANAGER } from './client-node-kube.js';
export {
  accessMessage,
  describeNeed,
  rulesFor,
  type Requester,
} from '../../core/engine/rbac-message.js';
