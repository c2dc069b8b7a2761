// Entry point of Yunqian's own deployment (`pulumi up` in infra/deploy).
import * as pulumi from '@pulumi/pulumi';
import { deployYunqian } from './yunqian.ts';

export default async () => {
  const c = new pulumi.Config('yunqian-deploy');
  return deployYunqian({
    namespace: c.get('namespace') ?? 'yunqian',
    image: c.require('image'),
    replicas: c.getNumber('replicas') ?? 2,
    config: c.getObject<Record<string, unknown>>('config') ?? {},
    database: {
      secretName: c.get('databaseSecret') ?? 'yunqian-database',
      key: c.get('databaseSecretKey') ?? 'url',
    },
    kubeContext: c.get('kubeContext'),
  });
};
